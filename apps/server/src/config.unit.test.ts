import { describe, expect, it } from 'vitest';
import { ConfigError, DEV_ACK_SECRET, DEV_WEBHOOK_SECRET, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has defaults that run the platform with nothing set', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3000, DATA_DIR: './.data', SEED_DEMO: true, DEMO_PASSWORD: 'samverkan-demo' });
    expect(c.PUBLIC_URL).toBe('http://localhost:3000');
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.REDIS_URL).toBeUndefined();
  });

  it('does not seed demo users against a configured database unless asked', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://db/x' }).SEED_DEMO).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/x', SEED_DEMO: 'true' }).SEED_DEMO).toBe(true);
  });

  it('stops with a message naming each wrong variable', () => {
    const run = () => loadConfig({ PORT: 'eighty', REDIS_URL: 'http://not-redis', DATABASE_URL: 'mysql://x' });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(/PORT/);
    expect(run).toThrow(/REDIS_URL/);
    expect(run).toThrow(/DATABASE_URL/);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ REDIS_URL: '', PORT: '' }).REDIS_URL).toBeUndefined();
  });
});

describe('WEBHOOK_SECRET', () => {
  const secret = 'a-secret-of-our-own-1234';

  it('has a fixed development value outside production', () => {
    const dev = loadConfig({}).WEBHOOK_SECRET;
    expect(dev).toBe(DEV_WEBHOOK_SECRET);
    expect(loadConfig({ NODE_ENV: 'test' }).WEBHOOK_SECRET).toBe(dev);
    expect(loadConfig({ WEBHOOK_SECRET: secret }).WEBHOOK_SECRET).toBe(secret);
  });

  it('is required in production, and the development value is refused there', () => {
    for (const env of [{ NODE_ENV: 'production' }, { NODE_ENV: 'production', WEBHOOK_SECRET: '' }]) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(/WEBHOOK_SECRET/);
    }
    expect(() => loadConfig({ NODE_ENV: 'production', WEBHOOK_SECRET: DEV_WEBHOOK_SECRET })).toThrow(/WEBHOOK_SECRET/);
    expect(loadConfig({ NODE_ENV: 'production', WEBHOOK_SECRET: secret, ACK_SECRET: secret }).WEBHOOK_SECRET).toBe(
      secret,
    );
  });

  it('must be at least 16 characters', () => {
    expect(() => loadConfig({ WEBHOOK_SECRET: 'too-short' })).toThrow(/WEBHOOK_SECRET/);
  });
});

describe('ACK_SECRET', () => {
  const secret = 'another-secret-of-ours-5678';
  const webhook = { WEBHOOK_SECRET: 'a-secret-of-our-own-1234' };

  it('has a fixed development value outside production', () => {
    expect(loadConfig({}).ACK_SECRET).toBe(DEV_ACK_SECRET);
    expect(loadConfig({ ACK_SECRET: secret }).ACK_SECRET).toBe(secret);
  });

  it('is required in production, and the development value is refused there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', ...webhook })).toThrow(/ACK_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production', ...webhook, ACK_SECRET: DEV_ACK_SECRET })).toThrow(/ACK_SECRET/);
    expect(loadConfig({ NODE_ENV: 'production', ...webhook, ACK_SECRET: secret }).ACK_SECRET).toBe(secret);
  });
});

describe('call-out settings', () => {
  it('default to a five-minute escalation and workers in the server process', () => {
    const c = loadConfig({});
    expect(c.ACK_TIMEOUT_SECONDS).toBe(300);
    expect(c.RUN_WORKERS).toBe(true);
    expect(loadConfig({ RUN_WORKERS: 'false' }).RUN_WORKERS).toBe(false);
  });

  it('refuse a timeout that is not a positive whole number, naming it', () => {
    expect(() => loadConfig({ ACK_TIMEOUT_SECONDS: '0' })).toThrow(/ACK_TIMEOUT_SECONDS/);
    expect(() => loadConfig({ ACK_TIMEOUT_SECONDS: 'five' })).toThrow(/ACK_TIMEOUT_SECONDS/);
  });
});

describe('delivery settings', () => {
  it('are off unless set, with defaults for the senders', () => {
    const c = loadConfig({});
    expect(c.SMTP_URL).toBeUndefined();
    expect(c.SMS_GATEWAY_URL).toBeUndefined();
    expect(c.SMTP_FROM).toBe('Samverkan <noreply@samverkan.local>');
    expect(c.SMS_FROM).toBe('SSR');
  });

  it('accept smtp(s) and http(s) URLs and name each wrong one', () => {
    const c = loadConfig({
      SMTP_URL: 'smtps://user:pw@mail.example.se:465',
      SMS_GATEWAY_URL: 'https://sms.example.se/send',
    });
    expect(c.SMTP_URL).toBe('smtps://user:pw@mail.example.se:465');
    const run = () =>
      loadConfig({ SMTP_URL: 'http://mail', SMS_GATEWAY_URL: 'ftp://sms', SMS_FROM: 'A sender name far too long' });
    expect(run).toThrow(/SMTP_URL/);
    expect(run).toThrow(/SMS_GATEWAY_URL/);
    expect(run).toThrow(/SMS_FROM/);
  });
});
