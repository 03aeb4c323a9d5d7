import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../../..');

/** The node options of `npm run start:api`, which the benchmarks also start the API with. */
function startApiOptions(): string[] {
  const script: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts['start:api'];
  return script.split(/\s+/).filter((word) => word.startsWith('--'));
}

describe('how the API is started', () => {
  it('sizes the V8 heap for the service: a bounded old generation and a small young one', () => {
    const options = startApiOptions();
    expect(options).toEqual(expect.arrayContaining([expect.stringMatching(/^--max-old-space-size=\d+$/), expect.stringMatching(/^--max-semi-space-size=\d+$/)]));
  });

  it('runs the Docker image with the same node options as npm start', () => {
    const dockerfile = readFileSync(join(ROOT, 'tools/docker/api.Dockerfile'), 'utf8');
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(cmd).toBeDefined();
    expect(JSON.parse(cmd as string)).toEqual(['node', ...startApiOptions(), 'dist/apps/api/main.js']);
  });
});
