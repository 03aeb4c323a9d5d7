import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { MikroORM } from '@mikro-orm/postgresql';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.setup';
import { Clock } from '../../src/common/clock';
import { loadConfig, type AppConfig } from '../../src/config/app-config';
import { DeliveryOptions } from '../../src/modules/notifications/delivery-options';
import { SetupService } from '../../src/database/seeders/setup.service';

export const ADMIN = { email: 'admin@clinic.test', password: 'admin-password-for-tests' };
export const STRONG_PASSWORD = 'Tulip-Orbit-Canvas-42';

/** A clock tests can move; starts at real time. */
export class TestClock extends Clock {
  private offsetMs = 0;
  private frozenAt: number | undefined;
  override now(): Date {
    return new Date(this.frozenAt ?? Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    if (this.frozenAt !== undefined) this.frozenAt += ms;
    else this.offsetMs += ms;
  }
  /** Makes now() read `at` (and then run on with real time). */
  set(at: Date | number): void {
    this.frozenAt = undefined;
    this.offsetMs = new Date(at).getTime() - Date.now();
  }
  /** Makes now() read `at` until the clock is set, reset or unfrozen: for rules timed to the second. */
  freeze(at: Date | number): void {
    this.frozenAt = new Date(at).getTime();
  }
  /** Runs on with real time from where it stands. */
  unfreeze(): void {
    if (this.frozenAt !== undefined) this.set(this.frozenAt);
  }
  /** Back to real time. */
  reset(): void {
    this.frozenAt = undefined;
    this.offsetMs = 0;
  }
}

export interface TestApp {
  app: NestExpressApplication;
  http: ReturnType<typeof request>;
  config: AppConfig;
  clock: TestClock;
  databaseUrl: string;
  /** Where the app listens (an ephemeral port on 127.0.0.1), for clients other than supertest such as sockets. */
  url: string;
  close(): Promise<void>;
}

export async function createDatabase(): Promise<string> {
  const base = process.env['TEST_DATABASE_URL'];
  if (!base) throw new Error('TEST_DATABASE_URL is not set: run through jest.int.config.cts');
  const name = `carebook_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface TestAppOptions {
  /** Another instance on this database (already migrated) instead of a fresh one. */
  databaseUrl?: string;
  /** Retry and worker settings of the delivery queue (faster retries, or an instance that does not send). */
  delivery?: Partial<DeliveryOptions>;
}

/**
 * The real application, migrated on its own fresh database, with an admin account
 * (ADMIN above), listening on an ephemeral port. Only the clock and the delivery queue's timings are
 * replaceable; SMTP_URL in `env` points email at a test SMTP server (support/smtp-sink.ts).
 */
export async function createTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const databaseUrl = options.databaseUrl ?? (await createDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: randomBytes(32).toString('hex'),
    DATA_DIR: mkdtempSync(join(tmpdir(), 'carebook-test-data-')),
    PORTAL_DIR: '/nonexistent',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    SEED_DEMO: 'false',
    // Errors only: a clean run prints a couple of lines (failures tests provoke on purpose), and a red run shows
    // what failed (a 500's stack, a job that threw).
    LOG_LEVEL: 'error',
    ...env,
  });
  // Test files register dozens of accounts from 127.0.0.1; the registration limit has tests of its own.
  config.loginThrottle.registrationsPerIp = 1_000_000;
  const clock = new TestClock();
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.register({ config, databaseUrl })] })
    .overrideProvider(Clock)
    .useValue(clock)
    .overrideProvider(DeliveryOptions)
    .useValue(Object.assign(new DeliveryOptions(), options.delivery))
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
  configureApp(app, config);
  await app.get(MikroORM).migrator.up();
  await app.get(SetupService).run();
  // A real port, so Socket.IO clients can connect too; supertest uses a server that already listens as it is.
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    http: request(app.getHttpServer()),
    config,
    clock,
    databaseUrl,
    url: `http://127.0.0.1:${port}`,
    close: () => app.close(),
  };
}
