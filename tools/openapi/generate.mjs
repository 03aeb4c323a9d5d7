#!/usr/bin/env node
// Regenerates the typed client from the built API:
//   1. dist/apps/api/openapi.js writes the OpenAPI document (no database needed)
//   2. ng-openapi-gen turns it into Angular services (AuthApi, AdminApi, ...)
// With --check, generates into a temporary folder and fails when the committed files differ.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '../..');
const lib = join(root, 'libs/api-client');
const check = process.argv.includes('--check');
const work = mkdtempSync(join(tmpdir(), 'carebook-client-'));

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

try {
  const spec = join(work, 'openapi.json');
  execFileSync(process.execPath, [join(root, 'dist/apps/api/openapi.js'), spec], { stdio: 'inherit', cwd: root });
  const out = join(work, 'lib');
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/.bin/ng-openapi-gen'), '-c', join(lib, 'ng-openapi-gen.json'), '--input', spec, '--output', out],
    { stdio: 'inherit', cwd: root },
  );

  if (!check) {
    cpSync(spec, join(lib, 'openapi.json'));
    rmSync(join(lib, 'src/lib'), { recursive: true, force: true });
    cpSync(out, join(lib, 'src/lib'), { recursive: true });
    console.log('libs/api-client regenerated');
  } else {
    const stale = [];
    if (readFileSync(spec, 'utf8') !== readFileSync(join(lib, 'openapi.json'), 'utf8')) stale.push('openapi.json');
    const fresh = new Map(files(out).map((f) => [relative(out, f), readFileSync(f, 'utf8')]));
    const committed = new Map(files(join(lib, 'src/lib')).map((f) => [relative(join(lib, 'src/lib'), f), readFileSync(f, 'utf8')]));
    for (const [name, text] of fresh) if (committed.get(name) !== text) stale.push(`src/lib/${name}`);
    for (const name of committed.keys()) if (!fresh.has(name)) stale.push(`src/lib/${name} (no longer generated)`);
    if (stale.length) {
      console.error(`libs/api-client is stale (${stale.length} files, e.g. ${stale.slice(0, 5).join(', ')}).`);
      console.error('Run `npm run client:generate` and commit the result.');
      process.exit(1);
    }
    console.log('libs/api-client matches the API');
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
