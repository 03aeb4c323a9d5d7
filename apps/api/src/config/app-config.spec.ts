import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config';

const SECRET = 'k'.repeat(40);

describe('loadConfig', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'carebook-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function configError(env: Record<string, string>): ConfigError {
    try {
      loadConfig({ DATA_DIR: dir, ...env }, dir);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return error as ConfigError;
    }
    throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
  }

  describe('defaults', () => {
    it('works with an empty environment in development', () => {
      const config = loadConfig({ DATA_DIR: dir }, dir);
      expect(config).toMatchObject({
        nodeEnv: 'development',
        port: 3000,
        host: '0.0.0.0',
        publicUrl: 'http://localhost:3000',
        databaseUrl: undefined,
        dataDir: dir,
        storageDir: join(dir, 'uploads'),
        adminEmail: undefined,
        adminPassword: undefined,
        seedDemo: true,
        clinicTimezone: 'Europe/London',
        smtpUrl: undefined,
        redisUrl: undefined,
        loginThrottle: { windowSeconds: 900, maxPerPair: 5, maxPerIp: 50, accountSlowAfter: 10, maxPerAccount: 100, registrationsPerIp: 20 },
        // no X-Forwarded-For is believed unless a proxy is named
        trustProxy: false,
      });
      expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
    });

    it('puts DATA_DIR under the working directory by default and resolves relative paths against it', () => {
      const config = loadConfig({ JWT_SECRET: SECRET, STORAGE_DIR: 'files' }, dir);
      expect(config.dataDir).toBe(join(dir, 'data'));
      expect(config.storageDir).toBe(join(dir, 'files'));
    });

    it('reads the optional settings it is given', () => {
      const config = loadConfig(
        {
          NODE_ENV: 'production',
          PORT: '8080',
          PUBLIC_URL: 'https://clinic.example.com/',
          DATABASE_URL: 'postgres://u:p@db:5432/carebook',
          JWT_SECRET: SECRET,
          ADMIN_EMAIL: 'Boss@Clinic.Example',
          ADMIN_PASSWORD: 'a-long-admin-password',
          CLINIC_TIMEZONE: 'America/New_York',
          SMTP_URL: 'smtp://mail:25',
          REDIS_URL: 'redis://cache:6379',
          DATA_ENCRYPTION_KEYS: `k2:${Buffer.alloc(32, 2).toString('base64')},k1:${Buffer.alloc(32, 1).toString('base64')}`,
        },
        dir,
      );
      expect(config).toMatchObject({
        nodeEnv: 'production',
        port: 8080,
        publicUrl: 'https://clinic.example.com',
        databaseUrl: 'postgres://u:p@db:5432/carebook',
        jwtSecret: SECRET,
        adminEmail: 'boss@clinic.example',
        clinicTimezone: 'America/New_York',
        // demo data is opt-in in production
        seedDemo: false,
      });
      expect(config.dataEncryptionKeys.map((k) => k.id)).toEqual(['k2', 'k1']);
    });
  });

  describe('SMS_PROVIDER=twilio', () => {
    const twilio = { SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000000', TWILIO_AUTH_TOKEN: 'token', TWILIO_FROM: '+447700900123' };

    it('sends to Twilio itself unless TWILIO_API_URL names another origin', () => {
      expect(loadConfig({ DATA_DIR: dir, ...twilio }, dir).sms).toEqual({
        provider: 'twilio',
        twilio: { accountSid: twilio.TWILIO_ACCOUNT_SID, authToken: 'token', from: '+447700900123' },
      });
      expect(loadConfig({ DATA_DIR: dir, ...twilio, TWILIO_API_URL: 'http://127.0.0.1:4010' }, dir).sms).toMatchObject({
        twilio: { apiUrl: 'http://127.0.0.1:4010' },
      });
    });

    it('refuses a TWILIO_API_URL that is not http(s)', () => {
      expect(configError({ ...twilio, TWILIO_API_URL: 'ftp://twilio.example' }).message).toContain('TWILIO_API_URL');
    });
  });

  describe('TRUST_PROXY', () => {
    it.each([
      ['false', false],
      ['1', 1],
      ['uniquelocal', ['uniquelocal']],
      ['loopback, 10.0.0.0/8,192.168.1.7, ::1', ['loopback', '10.0.0.0/8', '192.168.1.7', '::1']],
      ['fd00::/8', ['fd00::/8']],
    ])('reads %j as %j', (value, expected) => {
      expect(loadConfig({ DATA_DIR: dir, TRUST_PROXY: value }, dir).trustProxy).toEqual(expected);
    });
  });

  describe('refusals', () => {
    it.each([
      [{ PORT: 'eighty' }, 'PORT'],
      [{ PORT: '70000' }, 'PORT'],
      [{ CLINIC_TIMEZONE: 'Mars/Olympus_Mons' }, 'CLINIC_TIMEZONE'],
      [{ NODE_ENV: 'production' }, 'JWT_SECRET'],
      [{ JWT_SECRET: 'too-short' }, 'JWT_SECRET'],
      [{ ADMIN_EMAIL: 'admin@clinic.example' }, 'ADMIN_PASSWORD'],
      [{ ADMIN_PASSWORD: 'a-long-admin-password' }, 'ADMIN_EMAIL'],
      [{ SEED_DEMO: 'maybe' }, 'SEED_DEMO'],
      [{ DATABASE_URL: 'mysql://db/carebook' }, 'DATABASE_URL'],
      [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
      [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY'],
      [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN'],
      [{ TRUST_PROXY: 'nginx' }, 'TRUST_PROXY'],
      [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
      [{ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }, 'DATA_ENCRYPTION_KEYS'],
      [{ DATA_ENCRYPTION_KEYS: 'k1:c2hvcnQ=' }, 'DATA_ENCRYPTION_KEYS'],
      [{ DATA_ENCRYPTION_KEYS: `no key id ${Buffer.alloc(32).toString('base64')}` }, 'DATA_ENCRYPTION_KEYS'],
    ])('%j throws a ConfigError naming %s', (env, variable) => {
      expect(configError(env).message).toContain(variable);
    });

    it('does not write a secret file in production', () => {
      configError({ NODE_ENV: 'production' });
      expect(existsSync(join(dir, 'jwt-secret'))).toBe(false);
    });
  });

  describe('development data encryption key', () => {
    it('is generated once under DATA_DIR and reused on the next start', () => {
      const first = loadConfig({ DATA_DIR: join(dir, 'keys') }, dir).dataEncryptionKeys;
      const second = loadConfig({ DATA_DIR: join(dir, 'keys') }, dir).dataEncryptionKeys;
      expect(first).toHaveLength(1);
      expect(second[0].key.equals(first[0].key)).toBe(true);
    });
  });

  describe('development JWT secret', () => {
    it('is generated once under DATA_DIR and reused on the next start', () => {
      const dataDir = join(dir, 'nested', 'data');
      const first = loadConfig({ DATA_DIR: dataDir }, dir);
      const file = join(dataDir, 'jwt-secret');
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file, 'utf8').trim()).toBe(first.jwtSecret);
      const second = loadConfig({ DATA_DIR: dataDir }, dir);
      expect(second.jwtSecret).toBe(first.jwtSecret);
    });

    it('is not used when JWT_SECRET is set', () => {
      const config = loadConfig({ DATA_DIR: dir, JWT_SECRET: SECRET }, dir);
      expect(config.jwtSecret).toBe(SECRET);
      expect(existsSync(join(dir, 'jwt-secret'))).toBe(false);
    });
  });
});
