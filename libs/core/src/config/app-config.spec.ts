import { ConfigValidationError, loadConfig } from './app-config';
import { DEVELOPMENT_JWT_SECRET } from './environment.dto';

describe('loadConfig', () => {
  it('runs on an empty environment with the documented defaults', () => {
    const config = loadConfig({});
    expect(config.database.url).toBe('postgres://postgres@127.0.0.1:5432/dialer');
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.twilio.apiBaseUrl).toBe('http://127.0.0.1:3100');
    expect(config.api.port).toBe(3000);
  });

  it('converts numbers and treats empty strings as unset', () => {
    const config = loadConfig({ API_PORT: '8080', REDIS_URL: '' });
    expect(config.api.port).toBe(8080);
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
  });

  it('lists every problem in one error', () => {
    let error: unknown;
    try {
      loadConfig({ API_PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'chatty' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    const problems = (error as ConfigValidationError).problems.join('\n');
    expect(problems).toMatch(/API_PORT/);
    expect(problems).toMatch(/DATABASE_URL must be a postgres:\/\/ URL/);
    expect(problems).toMatch(/LOG_LEVEL/);
    expect((error as Error).message.split('\n').length).toBeGreaterThanOrEqual(4);
  });

  it('refuses to run production with the development signing key', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET must be set in production/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) })).not.toThrow();
    expect(loadConfig({}).auth.jwtSecret).toBe(DEVELOPMENT_JWT_SECRET);
  });

  it('points Twilio at the emulator unless told otherwise', () => {
    expect(loadConfig({}).twilio.apiBaseUrl).toBe('http://127.0.0.1:3100');
    expect(loadConfig({ TWILIO_API_BASE_URL: 'https://api.twilio.com/' }).twilio.apiBaseUrl).toBe('https://api.twilio.com');
  });
});
