// fetched page → article. Readability is synchronous and a hostile or huge page
// can keep it busy for minutes, so pages are read in worker threads: a page over
// the time limit has its thread terminated, and two threads use two cores.
import { availableParallelism } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import pLimit from 'p-limit';
import type { Config } from '../config.js';
import { UnreadableError } from './errors.js';
import type { Article } from './extract.js';
import type { PackedHtml } from './packed.js';
import type { ReadOutcome, ReadTask } from './worker.js';

export { notAnHtmlPage, UnreadableError, type UnreadableReason } from './errors.js';
// Types only: extract.js (linkedom, Readability, franc) loads in the reader
// threads, not in the main thread, which only hands pages over (about 25 MB).
export type { Article, DomName, ExtractOptions } from './extract.js';
export { slimHtml } from './slim.js';
export { slimHtmlBytes } from './slim-bytes.js';
export { packHtml, unpackHtml, type PackedHtml } from './packed.js';
export { normalizeText, plainTextTitle, textHash } from './text.js';

export interface ArticleReader {
  /** Throws UnreadableError for a page that is not a readable article. */
  read(html: string | PackedHtml, url: string): Promise<Article>;
  close(): Promise<void>;
}

export interface ReaderOptions {
  /** Pages read at once; default the cores, at most 4. */
  threads?: number;
}

// A page's DOM can take a lot of memory; a thread that runs out is ended
// (the page reported unreadable) rather than the whole process. V8 lets a
// heap grow towards its limit before it collects in earnest, so the limit is
// also what an idle-looking thread keeps: with 2 GB (and the default young
// generation) two threads reading the benchmark pages held 400–460 MB, with
// these 240–260 MB, at the same CPU per page (issue 21). A page at
// FETCH_MAX_BYTES (10 MB of article text) still reads.
const THREAD_HEAP_MB = 512;
const THREAD_YOUNG_MB = 8;

function workerSetup(): { filename: string; execArgv: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  const filename = new URL(fromSource ? './worker.ts' : './worker.js', import.meta.url).href;
  const execArgv = [...process.execArgv];
  // Run from source (tsx, vitest) the thread needs a TypeScript loader of its own.
  if (fromSource && !execArgv.some((arg) => arg.includes('tsx'))) {
    execArgv.push('--import', import.meta.resolve('tsx'));
  }
  return { filename, execArgv };
}

export function createArticleReader(config: Config['article'], options: ReaderOptions = {}): ArticleReader {
  const threads = Math.max(1, options.threads ?? Math.min(availableParallelism(), 4));
  const { filename, execArgv } = workerSetup();
  const pool = new Piscina<ReadTask, ReadOutcome>({
    filename,
    execArgv,
    minThreads: 0,
    maxThreads: threads,
    idleTimeout: 60_000,
    // With Atomics a thread takes the next page without returning to its event
    // loop, and jsdom frees a closed window's resources only when the loop turns.
    atomics: 'disabled',
    resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB, maxYoungGenerationSizeMb: THREAD_YOUNG_MB },
  });
  // Pages enter the pool only when a thread is free; the time limit starts when
  // the thread takes the page up, so it counts neither the wait behind other
  // pages nor a new thread's start-up.
  const limit = pLimit(threads);
  const extract = { dom: config.dom, fallback: config.dom === 'linkedom', minTextLength: config.minTextLength };

  async function readOne(html: string | PackedHtml, url: string): Promise<Article> {
    const timer = new AbortController();
    const { port1, port2 } = new MessageChannel();
    let timeout: NodeJS.Timeout | undefined;
    port1.once('message', () => {
      timeout = setTimeout(() => timer.abort(), config.timeoutMs);
      port1.close();
    });
    let outcome: ReadOutcome;
    try {
      outcome = await pool.run({ html, url, options: extract, started: port2 }, {
        signal: timer.signal,
        // piscina's TransferList type is inferred from @types/node's postMessage, whose shape changed.
        transferList: [port2] as never,
      });
    } catch (err) {
      if (timer.signal.aborted) {
        throw new UnreadableError('time limit', `reading the page took longer than the ${config.timeoutMs} ms limit`);
      }
      if ((err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
        throw new UnreadableError('dom error', `the page needed more than ${THREAD_HEAP_MB} MB to read`);
      }
      throw err;
    } finally {
      clearTimeout(timeout);
      port1.close();
    }
    if (!outcome.ok) throw new UnreadableError(outcome.reason, outcome.message);
    return outcome.article;
  }

  return {
    read: (html, url) => limit(() => readOne(html, url)),
    // Pages still in flight or waiting are rejected, not left pending.
    close: () => pool.destroy(),
  };
}
