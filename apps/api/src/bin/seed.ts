import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig } from '../config/app-config';
import { resolveDatabase } from '../database/resolve-database';
import { SetupService } from '../database/seeders/setup.service';
import { withStartupLock } from '../database/startup-lock';
import { AppModule } from '../app.module';

/** `npm run seed`: migrate, then add the demo clinic if the database has no users besides admins. */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await resolveDatabase(config);
  try {
    const app = await NestFactory.createApplicationContext(AppModule.register({ config, databaseUrl: database.url }), {
      logger: ['error', 'warn'],
    });
    const report = await withStartupLock(database.url, async () => {
      await app.get(MikroORM).migrator.up();
      return app.get(SetupService).run({ seedDemo: true });
    });
    process.stdout.write(
      report.demoSeeded
        ? `Demo data added. Sign in with:\n${(report.credentials ?? []).map((c) => `  ${c.role.padEnd(8)} ${c.email}  ${c.password}`).join('\n')}\n`
        : 'The database already has users; demo data was not added.\n',
    );
    await app.close();
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
