import { TextDecoder, TextEncoder } from 'node:util';

// jsdom has no TextEncoder, which react-router needs: import this first in a spec that renders a router.
Object.assign(globalThis, { TextEncoder, TextDecoder });
