import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '../config/app-config';
import { resolveDatabase } from '../database/resolve-database';
import { AuditService } from '../modules/audit/audit.service';
import { AppModule } from '../app.module';

/** `npm run audit:verify`: walks the audit log's hash chain; exits 1 and names the first broken link if there is one. */
async function main(): Promise<number> {
  const config = loadConfig();
  const database = await resolveDatabase(config);
  try {
    const app = await NestFactory.createApplicationContext(AppModule.register({ config, databaseUrl: database.url }), { logger: ['error', 'warn'] });
    const { checked, firstBreak } = await app.get(AuditService).verify();
    await app.close();
    if (!firstBreak) {
      process.stdout.write(`Audit log intact: ${checked} entries, every hash and link checked.\n`);
      return 0;
    }
    process.stdout.write(
      `Audit log BROKEN at entry #${firstBreak.seq} (id ${firstBreak.id}): ` +
        (firstBreak.problem === 'altered'
          ? 'its content no longer matches its hash (altered after it was written).\n'
          : 'it does not follow the entry before it (an entry was removed or inserted out of band).\n'),
    );
    return 1;
  } finally {
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
