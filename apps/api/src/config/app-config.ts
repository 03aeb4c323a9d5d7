import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { isAbsolute, join, resolve } from 'node:path';
import { developmentDataKeys, parseDataKeys, type DataKey } from '../common/crypto/data-keys';

/** Thrown when the environment is unusable; main.ts prints it and exits. */
export class ConfigError extends Error {}

export type NodeEnv = 'development' | 'production' | 'test';

/**
 * The only place that reads process.env. Everything else receives this object through DI
 * (token: AppConfig), so tests can hand the app any configuration they like.
 */
export class AppConfig {
  readonly nodeEnv!: NodeEnv;
  readonly port!: number;
  readonly host!: string;
  readonly publicUrl!: string;
  /** Set → use that server; undefined → start embedded PostgreSQL under dataDir. */
  readonly databaseUrl?: string;
  readonly dataDir!: string;
  readonly storageDir!: string;
  /** The largest file a participant may attach to an appointment (UPLOAD_MAX_MB). */
  readonly uploadMaxBytes!: number;
  /** How many files one appointment may hold (UPLOAD_MAX_FILES). */
  readonly uploadMaxFiles!: number;
  /** The largest patient list an admin may import (IMPORT_MAX_MB); it is held in memory while it is imported. */
  readonly importMaxBytes!: number;
  readonly jwtSecret!: string;
  /**
   * DATA_ENCRYPTION_KEYS: the keys of medical records at rest; the first encrypts, all decrypt. Unset in
   * development and tests → one key generated once under DATA_DIR; required in production.
   */
  readonly dataEncryptionKeys!: DataKey[];
  readonly accessTokenTtlSeconds!: number;
  readonly refreshTokenTtlDays!: number;
  readonly adminEmail?: string;
  readonly adminPassword?: string;
  readonly seedDemo!: boolean;
  readonly clinicTimezone!: string;
  /** SMTP_URL: where email goes; unset → the development mailbox (kept in the database, read by admins in the portal). */
  readonly smtpUrl?: string;
  /**
   * DELIVERY_WORKER: whether this instance sends the queued email and SMS (default true). Set it to false on
   * instances that serve requests and run one or more instances with it true (they may serve no traffic): the
   * rendering and sending then take no CPU from bookings. Queued messages wait while no instance works the queue.
   */
  readonly deliveryWorker!: boolean;
  /** MAIL_FROM: the sender of every email. */
  readonly mailFrom!: string;
  /**
   * SMS_PROVIDER: `none` (default) keeps text messages in the development mailbox; `twilio` sends them with
   * TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM (all three required). TWILIO_API_URL (optional) sends
   * Twilio's REST requests to another origin than https://api.twilio.com: a local server acting as Twilio (the
   * tests), or a Twilio-compatible mock.
   */
  readonly sms!: { provider: 'none' } | { provider: 'twilio'; twilio: { accountSid: string; authToken: string; from: string; apiUrl?: string } };
  /** The email templates: the build's `assets/mail` (or the source's, when run from source). */
  readonly mailTemplatesDir!: string;
  /**
   * REDIS_URL: what several API instances share. Set → socket.io broadcasts go through Redis to every instance's
   * sockets, and cache invalidations reach every instance. Unset → one instance on its own (no Redis needed).
   */
  readonly redisUrl?: string;
  /**
   * Which reverse proxies' X-Forwarded-For to believe (Express's `trust proxy`): false (none, the default), a
   * number of hops, or a list of addresses, networks and Express's names (loopback, linklocal, uniquelocal).
   */
  readonly trustProxy!: false | number | string[];
  /** Bearer token a Prometheus scraper presents for /api/metrics (METRICS_TOKEN); unset → admins only. */
  readonly metricsToken?: string;
  /** Where the built portal lives; served by the API when present. */
  readonly portalDir!: string;
  /**
   * Sign-in throttling per fixed window: failures allowed for one account from one address (stops a guesser
   * without locking the owner out elsewhere), from one address across accounts, and for one account from
   * everywhere (distributed guessing): past `accountSlowAfter` each further attempt waits twice as long,
   * up to `maxPerAccount`. Registrations per address share the window: a 409 for a taken email must not
   * become a way to test addresses at scale.
   */
  readonly loginThrottle!: {
    windowSeconds: number;
    maxPerPair: number;
    maxPerIp: number;
    accountSlowAfter: number;
    maxPerAccount: number;
    registrationsPerIp: number;
  };
  readonly logLevel!: string;

  constructor(values: AppConfig) {
    Object.assign(this, values);
  }
}

type Env = Record<string, string | undefined>;

function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false (got "${env[name]}")`);
}

function readPort(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`${name} must be a port number between 0 and 65535 (got "${raw}")`);
  }
  return port;
}

function readPositive(env: Env, name: string, fallback: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > max) {
    throw new ConfigError(`${name} must be a number greater than 0 and at most ${max} (got "${raw}")`);
  }
  return value;
}

function readWhole(env: Env, name: string, fallback: number, max: number): number {
  const value = readPositive(env, name, fallback, max);
  if (!Number.isInteger(value)) throw new ConfigError(`${name} must be a whole number (got "${env[name]}")`);
  return value;
}

function readUrl(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL (got an unparseable value)`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(`${name} must use one of ${protocols.join(', ')} (got ${url.protocol})`);
  }
  return raw;
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function isAddressOrNetwork(item: string): boolean {
  const [address, bits, extra] = item.split('/');
  if (extra !== undefined || !isIP(address)) return false;
  if (bits === undefined) return true;
  const max = isIP(address) === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= max;
}

/** TRUST_PROXY: unset → trust no proxy, so a client cannot pick its own address with a forged header. */
function readTrustProxy(env: Env): false | number | string[] {
  const raw = env['TRUST_PROXY']?.trim();
  if (!raw || raw.toLowerCase() === 'false') return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  const items = raw.split(',').map((item) => item.trim()).filter(Boolean);
  const bad = items.filter((item) => !PROXY_NAMES.includes(item) && !isAddressOrNetwork(item));
  if (bad.length > 0 || items.length === 0) {
    throw new ConfigError(
      `TRUST_PROXY must be a number of proxy hops or a comma-separated list of addresses, networks (10.0.0.0/8) or ${PROXY_NAMES.join(', ')} (got "${bad.join(', ') || raw}")`,
    );
  }
  return items;
}

function readMetricsToken(env: Env): string | undefined {
  const token = env['METRICS_TOKEN']?.trim();
  if (!token) return undefined;
  if (token.length < 16) throw new ConfigError('METRICS_TOKEN must be at least 16 characters long');
  return token;
}

function readSms(env: Env): AppConfig['sms'] {
  const provider = env['SMS_PROVIDER']?.trim().toLowerCase() || 'none';
  if (provider === 'none') return { provider };
  if (provider !== 'twilio') throw new ConfigError(`SMS_PROVIDER must be none or twilio (got "${env['SMS_PROVIDER']}")`);
  const [accountSid, authToken, from] = ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'].map((name) => env[name]?.trim() ?? '');
  if (!accountSid || !authToken || !from) {
    throw new ConfigError('SMS_PROVIDER=twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM');
  }
  if (!/^\+[1-9]\d{6,14}$/.test(from) && !/^MG[0-9a-f]{32}$/i.test(from)) {
    throw new ConfigError('TWILIO_FROM must be a phone number in E.164 form (+447700900123) or a messaging service id');
  }
  const apiUrl = readUrl(env, 'TWILIO_API_URL', ['http:', 'https:']);
  return { provider, twilio: { accountSid, authToken, from, ...(apiUrl ? { apiUrl } : {}) } };
}

/** Next to the bundle in a build (dist/apps/api/assets/mail); under src/ when run from source (tests). */
function mailTemplatesDir(cwd: string): string {
  // __dirname exists in the CommonJS bundle, not in the ESM test runs.
  const bundle = typeof __dirname === 'string' ? [join(__dirname, 'assets', 'mail')] : [];
  const candidates = [...bundle, resolve(cwd, 'dist/apps/api/assets/mail'), resolve(cwd, 'apps/api/src/assets/mail'), resolve(cwd, 'src/assets/mail')];
  return candidates.find((dir) => existsSync(join(dir, 'layout.html.hbs'))) ?? candidates[0];
}

function isValidTimezone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** In development the JWT secret is generated once and kept, so sessions survive restarts. */
function developmentSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export function loadConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const rawNodeEnv = env['NODE_ENV']?.trim() || 'development';
  if (!['development', 'production', 'test'].includes(rawNodeEnv)) {
    throw new ConfigError(`NODE_ENV must be development, production or test (got "${rawNodeEnv}")`);
  }
  const nodeEnv = rawNodeEnv as NodeEnv;
  const port = readPort(env, 'PORT', 3000);
  const host = env['HOST']?.trim() || '0.0.0.0';
  const publicUrl =
    readUrl(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`;
  const dataDir = resolve(cwd, env['DATA_DIR']?.trim() || 'data');
  const storageRaw = env['STORAGE_DIR']?.trim();
  const storageDir = storageRaw
    ? isAbsolute(storageRaw)
      ? storageRaw
      : resolve(cwd, storageRaw)
    : join(dataDir, 'uploads');

  let jwtSecret = env['JWT_SECRET']?.trim();
  if (jwtSecret && jwtSecret.length < 32) {
    throw new ConfigError('JWT_SECRET must be at least 32 characters long');
  }
  if (!jwtSecret) {
    if (nodeEnv === 'production') throw new ConfigError('JWT_SECRET is required when NODE_ENV=production');
    jwtSecret = developmentSecret(dataDir);
  }

  let dataEncryptionKeys: DataKey[];
  const rawKeys = env['DATA_ENCRYPTION_KEYS']?.trim();
  if (rawKeys) {
    try {
      dataEncryptionKeys = parseDataKeys(rawKeys);
    } catch (error) {
      throw new ConfigError((error as Error).message);
    }
  } else {
    if (nodeEnv === 'production') throw new ConfigError('DATA_ENCRYPTION_KEYS is required when NODE_ENV=production');
    dataEncryptionKeys = developmentDataKeys(dataDir);
  }

  const adminEmail = env['ADMIN_EMAIL']?.trim() || undefined;
  const adminPassword = env['ADMIN_PASSWORD'] || undefined;
  if (Boolean(adminEmail) !== Boolean(adminPassword)) {
    throw new ConfigError('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
  if (adminEmail && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(adminEmail)) {
    throw new ConfigError('ADMIN_EMAIL must be an email address');
  }

  const clinicTimezone = env['CLINIC_TIMEZONE']?.trim() || 'Europe/London';
  if (!isValidTimezone(clinicTimezone)) {
    throw new ConfigError(`CLINIC_TIMEZONE must be an IANA time zone such as Europe/London (got "${clinicTimezone}")`);
  }

  const mailFrom = env['MAIL_FROM']?.trim() || 'Carebook <no-reply@carebook.local>';

  return new AppConfig({
    nodeEnv,
    port,
    host,
    publicUrl: publicUrl.replace(/\/$/, ''),
    databaseUrl: readUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    dataDir,
    storageDir,
    uploadMaxBytes: Math.round(readPositive(env, 'UPLOAD_MAX_MB', 10, 1024) * 1024 * 1024),
    uploadMaxFiles: readWhole(env, 'UPLOAD_MAX_FILES', 50, 1000),
    importMaxBytes: Math.round(readPositive(env, 'IMPORT_MAX_MB', 50, 200) * 1024 * 1024),
    jwtSecret,
    dataEncryptionKeys,
    accessTokenTtlSeconds: 15 * 60,
    refreshTokenTtlDays: 30,
    adminEmail: adminEmail?.toLowerCase(),
    adminPassword,
    seedDemo: readBoolean(env, 'SEED_DEMO', nodeEnv !== 'production'),
    clinicTimezone,
    smtpUrl: readUrl(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom,
    deliveryWorker: readBoolean(env, 'DELIVERY_WORKER', true),
    sms: readSms(env),
    mailTemplatesDir: mailTemplatesDir(cwd),
    redisUrl: readUrl(env, 'REDIS_URL', ['redis:', 'rediss:']),
    trustProxy: readTrustProxy(env),
    metricsToken: readMetricsToken(env),
    portalDir: resolve(cwd, env['PORTAL_DIR']?.trim() || 'dist/apps/portal/browser'),
    loginThrottle: { windowSeconds: 15 * 60, maxPerPair: 5, maxPerIp: 50, accountSlowAfter: 10, maxPerAccount: 100, registrationsPerIp: readWhole(env, 'REGISTRATIONS_PER_IP', 20, 100_000) },
    logLevel: env['LOG_LEVEL']?.trim() || (nodeEnv === 'test' ? 'silent' : 'info'),
  });
}
