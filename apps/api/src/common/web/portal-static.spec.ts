import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inlineScriptHashes } from './portal-static';

const sha = (body: string) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`;

describe('inlineScriptHashes', () => {
  it('hashes the inline JavaScript of both pages once each, not external scripts or JSON data', () => {
    const root = mkdtempSync(join(tmpdir(), 'carebook-csp-'));
    const boot = "if (localStorage.getItem('k')) document.documentElement.classList.add('x');";
    const page = (extra: string) =>
      `<!doctype html><head><script>${boot}</script><script src="main-AB12CD34.js" type="module"></script></head>` +
      `<body>${extra}<script type="module">import('./a.js');</script></body>`;
    writeFileSync(join(root, 'index.html'), page('<script id="ng-state" type="application/json">{"a":1}</script>'));
    writeFileSync(join(root, 'index.csr.html'), page('<script type="text/javascript">  </script>'));
    expect(inlineScriptHashes(root).sort()).toEqual([sha(boot), sha("import('./a.js');")].sort());
  });

  it('gives nothing without a built portal', () => {
    expect(inlineScriptHashes(join(tmpdir(), 'no-such-portal-dir'))).toEqual([]);
  });
});
