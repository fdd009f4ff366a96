// Integration and e2e tests boot real processes and talk to real services:
// give them (and their hooks) time on a busy two-core machine.
jest.setTimeout(120_000);
