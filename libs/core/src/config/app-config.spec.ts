import { ConfigValidationError, loadConfig } from './app-config';
import { DEVELOPMENT_JWT_SECRET, DEVELOPMENT_SEED_PASSWORD, EMULATOR_AUTH_TOKEN } from './environment.dto';

describe('loadConfig', () => {
  it('runs on an empty environment with the documented defaults', () => {
    const config = loadConfig({});
    expect(config.database.url).toBe('postgres://postgres@127.0.0.1:5432/dialer');
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.twilio.apiBaseUrl).toBe('http://127.0.0.1:3100');
    expect(config.api.port).toBe(3000);
  });

  it('keeps call records 5 years unless told otherwise, and refuses a retention under a year', () => {
    expect(loadConfig({}).retention).toEqual({ years: 5 });
    expect(loadConfig({ RETENTION_YEARS: '7' }).retention).toEqual({ years: 7 });
    expect(() => loadConfig({ RETENTION_YEARS: '0' })).toThrow(/RETENTION_YEARS/);
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
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) })).not.toThrow(/JWT_SECRET/);
    expect(loadConfig({}).auth.jwtSecret).toBe(DEVELOPMENT_JWT_SECRET);
  });

  it('derives the unset public and Twilio URLs from API_PORT and EMULATOR_PORT, so moved ports keep callbacks and calls local', () => {
    const config = loadConfig({ API_PORT: '4140', EMULATOR_PORT: '4142' });
    expect(config.api.publicBaseUrl).toBe('http://127.0.0.1:4140');
    expect(config.twilio.apiBaseUrl).toBe('http://127.0.0.1:4142');
    const explicit = loadConfig({ API_PORT: '4140', PUBLIC_BASE_URL: 'https://dialer.example.com', TWILIO_API_BASE_URL: 'https://api.twilio.com' });
    expect(explicit.api.publicBaseUrl).toBe('https://dialer.example.com');
    expect(explicit.twilio.apiBaseUrl).toBe('https://api.twilio.com');
  });

  it('points Twilio at the emulator unless told otherwise', () => {
    expect(loadConfig({}).twilio.apiBaseUrl).toBe('http://127.0.0.1:3100');
    expect(loadConfig({ TWILIO_API_BASE_URL: 'https://api.twilio.com/' }).twilio.apiBaseUrl).toBe('https://api.twilio.com');
  });

  const productionSecrets = {
    NODE_ENV: 'production',
    JWT_SECRET: 'j'.repeat(40),
    TWILIO_ACCOUNT_SID: `AC${'1a'.repeat(16)}`,
    TWILIO_AUTH_TOKEN: 'a-real-auth-token-from-the-console',
    TWILIO_API_KEY_SID: `SK${'2b'.repeat(16)}`,
    TWILIO_API_KEY_SECRET: 'a-real-api-key-secret-from-twilio',
    TWILIO_TWIML_APP_SID: `AP${'3c'.repeat(16)}`,
  };

  it('refuses to run production with any published emulator credential, naming each', () => {
    let error: unknown;
    try {
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) });
    } catch (caught) {
      error = caught;
    }
    const problems = (error as ConfigValidationError).problems;
    for (const name of ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_API_KEY_SID', 'TWILIO_API_KEY_SECRET', 'TWILIO_TWIML_APP_SID']) {
      expect(problems).toContainEqual(expect.stringMatching(new RegExp(`^${name}: is the emulator's .* production needs your own value`)));
    }
    expect(() => loadConfig(productionSecrets)).not.toThrow();
    expect(() => loadConfig({ ...productionSecrets, TWILIO_AUTH_TOKEN: EMULATOR_AUTH_TOKEN })).toThrow(/TWILIO_AUTH_TOKEN: is the emulator's auth token/);
    expect(() => loadConfig({ TWILIO_AUTH_TOKEN: EMULATOR_AUTH_TOKEN })).not.toThrow();
  });

  it('has no seed password in production unless given, and refuses the published one', () => {
    expect(loadConfig({}).seed.adminPassword).toBe(DEVELOPMENT_SEED_PASSWORD);
    expect(loadConfig(productionSecrets).seed.adminPassword).toBeNull();
    expect(loadConfig({ ...productionSecrets, SEED_ADMIN_PASSWORD: 'my-own-long-password' }).seed.adminPassword).toBe('my-own-long-password');
    expect(() => loadConfig({ ...productionSecrets, SEED_ADMIN_PASSWORD: DEVELOPMENT_SEED_PASSWORD })).toThrow(/SEED_ADMIN_PASSWORD: is the published development password/);
  });

  it('listens on this machine only outside production, on every interface in production, unless told', () => {
    expect(loadConfig({}).api.host).toBe('127.0.0.1');
    expect(loadConfig({ NODE_ENV: 'test' }).api.host).toBe('127.0.0.1');
    expect(loadConfig(productionSecrets).api.host).toBe('0.0.0.0');
    expect(loadConfig({ API_HOST: '0.0.0.0' }).api.host).toBe('0.0.0.0');
    expect(loadConfig({ ...productionSecrets, API_HOST: '10.0.0.5' }).api.host).toBe('10.0.0.5');
  });
});
