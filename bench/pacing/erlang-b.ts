/** Erlang B blocking probability B(N, A), by the stable recurrence B(k) = A·B(k−1) / (k + A·B(k−1)). */
export function erlangB(servers: number, offeredLoad: number): number {
  let blocking = 1;
  for (let k = 1; k <= servers; k++) blocking = (offeredLoad * blocking) / (k + offeredLoad * blocking);
  return blocking;
}

/** The load A at which N servers block `blocking` of arrivals (B is increasing in A). */
export function erlangBLoad(servers: number, blocking: number): number {
  let low = 0;
  let high = servers * 10 + 10;
  for (let i = 0; i < 100; i++) {
    const middle = (low + high) / 2;
    if (erlangB(servers, middle) < blocking) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

/**
 * Occupancy of N agents fed by random (Poisson) arrivals losing `blocking` of
 * them: A(1 − B)/N. The reference a predictive dialer should beat, since it
 * shapes its arrivals instead of taking them as they come.
 */
export function erlangBOccupancy(servers: number, blocking: number): number {
  return (erlangBLoad(servers, blocking) * (1 - blocking)) / servers;
}
