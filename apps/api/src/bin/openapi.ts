import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../config/app-config';
import { AppModule } from '../app.module';
import { buildOpenApiDocument } from '../app.setup';

/** Sorts object keys recursively (arrays keep their order) so the committed document diffs cleanly. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  }
  return value;
}

/** Writes the OpenAPI document of the built API, without a database. */
async function main(): Promise<void> {
  const output = resolve(process.argv[2] ?? 'libs/api-client/openapi.json');
  const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'openapi-export-only-not-a-real-secret-000' });
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.register({ config, databaseUrl: 'postgresql://openapi@127.0.0.1:1/none' }),
    { logger: false },
  );
  app.setGlobalPrefix('api');
  const document = buildOpenApiDocument(app);
  writeFileSync(output, `${JSON.stringify(sortKeys(document), null, 2)}\n`);
  await app.close();
  process.stdout.write(`OpenAPI document written to ${output}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
