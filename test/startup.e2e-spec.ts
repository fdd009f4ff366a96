import { spawnEntryPoint } from './support/processes';

describe('startup configuration (e2e, real process)', () => {
  it('stops before booting, listing every bad or missing variable in one message', async () => {
    const api = spawnEntryPoint('apps/api/src/main.ts', {
      API_PORT: 'eighty',
      DATABASE_URL: 'mysql://root@localhost/dialer',
      NODE_ENV: 'production',
    });
    const exit = await api.exited();
    expect(exit.code).toBe(78);
    const output = api.output();
    expect(output).toMatch(/Invalid configuration/);
    expect(output).toMatch(/API_PORT/);
    expect(output).toMatch(/DATABASE_URL must be a postgres:\/\/ URL/);
    expect(output).toMatch(/JWT_SECRET must be set in production/);
    expect(output).not.toMatch(/Nest application/);
  });
});
