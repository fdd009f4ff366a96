import { demoUrls } from './demo-urls';

describe('demoUrls', () => {
  it('finds the parts on the moved ports', () => {
    const urls = demoUrls({ API_PORT: '4130', EMULATOR_PORT: '4132', WORKER_HEALTH_PORT: '4131' });
    expect(urls).toEqual({ api: 'http://127.0.0.1:4130', workerHealth: 'http://127.0.0.1:4131/health', emulator: 'http://127.0.0.1:4132' });
  });

  it('keeps the default ports', () => {
    expect(demoUrls({})).toEqual({ api: 'http://127.0.0.1:3000', workerHealth: 'http://127.0.0.1:3001/health', emulator: 'http://127.0.0.1:3100' });
  });
});
