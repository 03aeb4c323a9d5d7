// A Redis for the tests that run several API instances: the one named by TEST_REDIS_URL or REDIS_URL, else one
// started from the `redis-server` binary on a free port (isolated from anything else on the machine, and ours to
// stop and start again), else the machine's own on 127.0.0.1:6379. None of these → the test fails and says how
// to get one; it never skips. No relative imports: the socket bench (tools/bench/sockets.mjs) loads this file too.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';

export interface TestRedis {
  url: string;
  /** Started by this test (and stopped, killed and restarted by it); false for a Redis that was found. */
  owned: boolean;
  /** The redis-server process, when owned (it changes on restart). */
  pid(): number | undefined;
  /** kill -9, as a crash or a network cut looks to the API. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const HOW_TO_GET_ONE =
  'Tests with several API instances need Redis: install redis-server (apt-get install -y redis-server; .ci/run does this), ' +
  'or run one on 127.0.0.1:6379, or set TEST_REDIS_URL.';

/** Whether a Redis answers PING at this URL within a second. */
export async function redisAnswers(url: string): Promise<boolean> {
  // disconnectTimeout 0: ioredis's disconnect waits that long for the socket to close, on a timer it clears only
  // when the socket closes after it; a probe of a Redis not up yet has a closed socket, and the timer kept a test
  // worker alive past its end.
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0, retryStrategy: () => null, disconnectTimeout: 0 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

async function waitUntilAnswers(url: string, child: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}):\n${output.join('')}`);
    if (await redisAnswers(url)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server did not answer within 15 s:\n${output.join('')}`);
}

function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** A redis-server of our own on `port` (a free one), without persistence (a restart starts empty, like a lost Redis). */
export async function startOwnRedis(port: number): Promise<TestRedis> {
  if (!hasRedisServer()) throw new Error(`No redis-server binary on PATH. ${HOW_TO_GET_ONE}`);
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess;
  const launch = async () => {
    const output: string[] = [];
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    await waitUntilAnswers(url, child, output);
  };
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  };
  await launch();
  return { url, owned: true, pid: () => child.pid, kill: () => end('SIGKILL'), restart: launch, stop: () => end('SIGTERM') };
}

/** Any Redis the tests may use (see the top of this file); `port` for one of our own. */
export async function findOrStartRedis(port: number): Promise<TestRedis> {
  const named = process.env['TEST_REDIS_URL'] ?? process.env['REDIS_URL'];
  if (named) {
    if (!(await redisAnswers(named))) throw new Error(`No Redis answers at ${named} (TEST_REDIS_URL or REDIS_URL). ${HOW_TO_GET_ONE}`);
    return found(named);
  }
  if (hasRedisServer()) return startOwnRedis(port);
  const local = 'redis://127.0.0.1:6379';
  if (await redisAnswers(local)) return found(local);
  throw new Error(`No redis-server binary and no Redis on 127.0.0.1:6379. ${HOW_TO_GET_ONE}`);
}

function found(url: string): TestRedis {
  const refuse = () => Promise.reject(new Error(`${url} is not this test's own Redis: it cannot be stopped or restarted`));
  return { url, owned: false, pid: () => undefined, kill: refuse, restart: refuse, stop: () => Promise.resolve() };
}
