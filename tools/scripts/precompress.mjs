// Writes a Brotli (.br) and a gzip (.gz) copy beside every compressible file of the built portal, so the API
// sends them as they are instead of compressing on each request (apps/api/src/common/web/portal-static.ts).
// Run by `nx build portal` after the Angular build.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dir = resolve(process.argv[2] ?? 'dist/apps/portal/browser');
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|ico|webmanifest|xml)$/;

function* files(d) {
  for (const name of readdirSync(d)) {
    const path = join(d, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (COMPRESSIBLE.test(name)) yield path;
  }
}

let raw = 0;
let br = 0;
let count = 0;
for (const path of files(dir)) {
  const data = readFileSync(path);
  const brotli = brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  });
  const gzip = gzipSync(data, { level: 9 });
  // A tiny file can come out larger; then the plain one is sent.
  if (brotli.length < data.length) writeFileSync(`${path}.br`, brotli);
  if (gzip.length < data.length) writeFileSync(`${path}.gz`, gzip);
  raw += data.length;
  br += brotli.length;
  count += 1;
}
process.stdout.write(`precompressed ${count} files: ${(raw / 1024).toFixed(0)} kB → ${(br / 1024).toFixed(0)} kB brotli\n`);
