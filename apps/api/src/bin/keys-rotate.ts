import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '../config/app-config';
import { KeyRotation } from '../common/crypto/key-rotation';
import { ENCRYPTED_COLUMNS } from '../database/encrypted-columns';
import { resolveDatabase } from '../database/resolve-database';
import { AppModule } from '../app.module';

/**
 * `npm run keys:rotate`: re-encrypts every medical record value under the first key of DATA_ENCRYPTION_KEYS, in
 * batches, while the API keeps serving (old keys must stay listed until this has finished; then drop them).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await resolveDatabase(config);
  try {
    const app = await NestFactory.createApplicationContext(AppModule.register({ config, databaseUrl: database.url }), { logger: ['error', 'warn'] });
    const report = await app.get(KeyRotation).rotate(ENCRYPTED_COLUMNS, {
      onBatch: (done) => process.stdout.write(`\r${done} values re-encrypted`),
    });
    process.stdout.write(
      `\nDone: ${report.rewritten} values now under key "${config.dataEncryptionKeys[0].id}" in ${report.seconds.toFixed(1)} s` +
        `${report.skipped ? ` (${report.skipped} changed meanwhile and were picked up again)` : ''}.\n` +
        'Every value is under the first key: the older keys can now be removed from DATA_ENCRYPTION_KEYS.\n',
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
