/**
 * Group commit: items handed in while a batch is being written wait for it, then are written together as the next
 * batch. When nothing is being written, the first item goes in the event loop's next turn (`setImmediate`), with
 * whatever else arrived in the same turn (messages read from several sockets at once), so a quiet system waits for
 * next to nothing; under load each batch holds what arrived during the previous one, and one statement (one round
 * trip, one commit) serves many items instead of one.
 *
 * `write` gets the items in the order they were handed in and answers one result per item, in that order. If it
 * throws, every item of that batch is refused with the error; the next batch is written all the same.
 */
export class GroupCommit<T, R> {
  private queue: { item: T; resolve: (result: R) => void; reject: (error: unknown) => void }[] = [];
  private writing = false;

  constructor(
    private readonly write: (items: T[]) => Promise<R[]>,
    private readonly maxBatch = 100,
  ) {
    if (maxBatch < 1) throw new Error('GroupCommit needs a batch of at least one item');
  }

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.writing) {
        this.writing = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          const results = await this.write(batch.map((entry) => entry.item));
          if (results.length !== batch.length) throw new Error(`GroupCommit: ${results.length} results for ${batch.length} items`);
          batch.forEach((entry, i) => entry.resolve(results[i]));
        } catch (error) {
          for (const entry of batch) entry.reject(error);
        }
      }
    } finally {
      this.writing = false;
    }
  }
}
