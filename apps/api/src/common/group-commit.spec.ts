import { GroupCommit } from './group-commit';

/** A write the test finishes by hand: each call waits until `finish` is called for it. */
function manualWriter() {
  const calls: { items: string[]; finish: (results?: string[]) => void; fail: (error: Error) => void }[] = [];
  const write = (items: string[]) =>
    new Promise<string[]>((resolve, reject) => {
      calls.push({ items, finish: (results) => resolve(results ?? items.map((item) => `${item}!`)), fail: reject });
    });
  return { calls, write };
}

/** The event loop's next turn, where a batch starts when nothing was being written. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('writes an item in the next turn of the event loop when nothing is being written', async () => {
    const { calls, write } = manualWriter();
    const commit = new GroupCommit(write);
    const a = commit.submit('a');
    expect(calls).toHaveLength(0);
    await nextTurn();
    expect(calls.map((c) => c.items)).toEqual([['a']]);
    calls[0].finish();
    await expect(a).resolves.toBe('a!');
  });

  it('writes the items handed in during the same turn together', async () => {
    const { calls, write } = manualWriter();
    const commit = new GroupCommit(write);
    const all = ['a', 'b', 'c'].map((item) => commit.submit(item));
    await nextTurn();
    expect(calls.map((c) => c.items)).toEqual([['a', 'b', 'c']]);
    calls[0].finish();
    await expect(Promise.all(all)).resolves.toEqual(['a!', 'b!', 'c!']);
  });

  it('writes what arrived during a batch together, in order, as the next batch', async () => {
    const { calls, write } = manualWriter();
    const commit = new GroupCommit(write);
    const a = commit.submit('a');
    await nextTurn();
    const rest = ['b', 'c', 'd'].map((item) => commit.submit(item));
    expect(calls).toHaveLength(1);
    calls[0].finish();
    await a;
    expect(calls.map((c) => c.items)).toEqual([['a'], ['b', 'c', 'd']]);
    calls[1].finish();
    await expect(Promise.all(rest)).resolves.toEqual(['b!', 'c!', 'd!']);
  });

  it('splits a long queue into batches of at most maxBatch', async () => {
    const { calls, write } = manualWriter();
    const commit = new GroupCommit(write, 2);
    const all = ['a', 'b', 'c', 'd', 'e'].map((item) => commit.submit(item));
    for (let i = 0; i < 3; i++) {
      await nextTurn();
      calls[i].finish();
    }
    await expect(Promise.all(all)).resolves.toEqual(['a!', 'b!', 'c!', 'd!', 'e!']);
    expect(calls.map((c) => c.items)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('refuses every item of a failed batch and still writes the next one', async () => {
    const { calls, write } = manualWriter();
    const commit = new GroupCommit(write);
    const a = commit.submit('a');
    await nextTurn();
    const b = commit.submit('b');
    const c = commit.submit('c');
    calls[0].fail(new Error('connection lost'));
    await expect(a).rejects.toThrow('connection lost');
    calls[1].fail(new Error('deadlock'));
    await expect(b).rejects.toThrow('deadlock');
    await expect(c).rejects.toThrow('deadlock');
    const d = commit.submit('d');
    await nextTurn();
    calls[2].finish();
    await expect(d).resolves.toBe('d!');
  });

  it('refuses a batch whose write answered for a different number of items', async () => {
    const { calls, write } = manualWriter();
    const commit = new GroupCommit(write);
    const a = commit.submit('a');
    await nextTurn();
    calls[0].finish([]);
    await expect(a).rejects.toThrow('0 results for 1 items');
  });
});
