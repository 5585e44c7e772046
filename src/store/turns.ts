// Turns by key, in one process: a job waiting for its turn at a key holds
// nothing else, and above all no connection to the store. The analyze stage
// takes its measures' turns before it opens its transaction, so that analyses
// of one measure queue here instead of each holding a pooled connection while
// it waits for the measure's advisory lock (which still orders writers across
// processes).
export class Turns {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `fn` once this process's earlier holders of every key are done. */
  async with<T>(keys: Iterable<string>, fn: () => Promise<T>): Promise<T> {
    // Taken one by one in sorted order, so two callers of overlapping keys never wait on each other in a circle.
    const sorted = [...new Set(keys)].sort();
    const releases: (() => void)[] = [];
    try {
      for (const key of sorted) releases.push(await this.take(key));
      return await fn();
    } finally {
      for (const release of releases.reverse()) release();
    }
  }

  /** Keys someone holds or waits for: empty when idle (nothing is kept for keys no longer used). */
  get busy(): number {
    return this.tails.size;
  }

  private async take(key: string): Promise<() => void> {
    const before = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => { release = resolve; });
    const tail = before.then(() => mine);
    this.tails.set(key, tail);
    await before;
    return () => {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }
}
