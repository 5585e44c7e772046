// A reader thread: runs one page at a time for the pool in index.ts. Each page
// is a separate message, so the thread's event loop turns between pages and
// jsdom's closed windows can be collected.
import type { MessagePort } from 'node:worker_threads';
import { UnreadableError, type UnreadableReason } from './errors.js';
import { extractArticle, type Article, type ExtractOptions } from './extract.js';
import { isPacked, unpackHtml, type PackedHtml } from './packed.js';

export interface ReadTask {
  html: string | PackedHtml;
  url: string;
  options: ExtractOptions;
  /** Told when the page starts, so that its time limit leaves out the thread's start-up. */
  started: MessagePort;
}

// Errors lose their class crossing threads; the outcome says what happened.
export type ReadOutcome =
  | { ok: true; article: Article }
  | { ok: false; reason: UnreadableReason; message: string };

export default async function read(task: ReadTask): Promise<ReadOutcome> {
  task.started.postMessage(null);
  task.started.close();
  try {
    // A packed page was slimmed when it was packed.
    const article = isPacked(task.html)
      ? await extractArticle(unpackHtml(task.html), task.url, { ...task.options, slimmed: true })
      : await extractArticle(task.html, task.url, task.options);
    return { ok: true, article };
  } catch (err) {
    if (err instanceof UnreadableError) return { ok: false, reason: err.reason, message: err.message };
    throw err;
  }
}
