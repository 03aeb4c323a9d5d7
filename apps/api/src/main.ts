import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { MikroORM } from '@mikro-orm/postgresql';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config';
import { resolveDatabase, type ResolvedDatabase } from './database/resolve-database';
import { withStartupLock } from './database/startup-lock';
import { SetupService, type SetupReport } from './database/seeders/setup.service';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';

function printWelcome(config: AppConfig, report: SetupReport, database: ResolvedDatabase): void {
  const lines = [
    '',
    `  Carebook is running at ${config.publicUrl}`,
    `  API docs (Swagger):  ${config.publicUrl}/api/docs`,
    `  Database:            ${database.embeddedDir ? `embedded PostgreSQL in ${database.embeddedDir}` : 'DATABASE_URL'}`,
  ];
  if (report.credentials) {
    lines.push('', '  Demo sign-ins:');
    for (const c of report.credentials) lines.push(`    ${c.role.padEnd(8)} ${c.email.padEnd(32)} ${c.password}`);
  }
  if (report.adminEnsured) lines.push('', `  Admin from ADMIN_EMAIL: ${report.adminEnsured}`);
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

async function bootstrap(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  const database = await resolveDatabase(config);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register({ config, databaseUrl: database.url }), {
    bufferLogs: true,
  });
  configureApp(app, config);

  const stopDatabase = () => database.stop();
  process.once('SIGINT', () => void app.close().then(stopDatabase).then(() => process.exit(0)));
  process.once('SIGTERM', () => void app.close().then(stopDatabase).then(() => process.exit(0)));

  // Migrations are applied before the first request; never schema sync.
  const report = await withStartupLock(database.url, async () => {
    await app.get(MikroORM).migrator.up();
    return app.get(SetupService).run();
  });

  await app.listen(config.port, config.host);
  printWelcome(config, report, database);
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`Carebook failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
