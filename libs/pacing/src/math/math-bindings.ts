/**
 * Math functions bound once. Inside a vm context (jest, a sandboxed runtime)
 * every read of the global `Math` goes through the context's interceptor and
 * costs ~20× the call itself; the forecast and the simulator make millions
 * of these calls.
 */
export const { abs, ceil, cos, exp, floor, log, max, min, sin, sqrt } = Math;
export const TWO_PI = 2 * Math.PI;
