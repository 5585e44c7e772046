// A fetched page travels from the fetch stage to a reader thread through Redis.
// It goes slimmed (no scripts, styles or comments), gzipped and base64-encoded:
// a quarter of the bytes to store, send and parse on the way. On the machines
// measured (bench/pipeline) the page as one string was the largest cost of
// queueing it: each copy of a page-sized string (JSON in, JSON out, the Redis
// reply, the hand-over to a thread) costs more than compressing it once, and
// the worker's event loop now never holds the page as text at all; the reader
// thread unpacks it.
import { gunzipSync, gzipSync } from 'node:zlib';
import { slimHtmlBytes } from './slim-bytes.js';

/** A page as a process job carries it. */
export interface PackedHtml {
  /** gzip of the slimmed page's UTF-8 bytes, in base64. */
  gzip: string;
}

/** Packs a page given as UTF-8 bytes, without ever decoding it. */
export function packHtml(utf8: Buffer): PackedHtml {
  // Level 1: nearly the size of the default level at half the time.
  return { gzip: gzipSync(slimHtmlBytes(utf8), { level: 1 }).toString('base64') };
}

export function unpackHtml(page: PackedHtml): string {
  return gunzipSync(Buffer.from(page.gzip, 'base64')).toString('utf8');
}

export const isPacked = (page: string | PackedHtml): page is PackedHtml => typeof page !== 'string';
