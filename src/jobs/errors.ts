// What a failure is, said the way an operator reads it: the store's own
// message and code instead of the SQL statement drizzle wraps it in (which
// carries every parameter, article text included), whether it is a lost
// connection (the work waits and is swept up again) or bad input (recorded
// where it belongs), and text cleaned of what PostgreSQL cannot hold.
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { UnrecoverableError } from 'bullmq';
import { networkFailure } from '../fetcher/errors.js';

/** A failure of the store, without the statement that failed. */
export class StoreFailure extends Error {
  constructor(message: string, readonly sqlState: string | null, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreFailure';
  }
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  // PostgreSQL going away: admin_shutdown, crash_shutdown, cannot_connect_now, and class 08 (connection exception).
  '57P01', '57P02', '57P03',
]);
const CONNECTION_MESSAGES = /Connection terminated|connection error|Connection is closed|terminating connection|the database system is (starting up|shutting down)|timeout exceeded when trying to connect|Client was closed|Cannot use a pool after calling end|Reached the max retries per request/i;

function chain(err: unknown): unknown[] {
  const out: unknown[] = [];
  for (let e: unknown = err; e && out.length < 6; e = (e as { cause?: unknown }).cause) out.push(e);
  return out;
}

/** Whether the failure is a lost or refused connection to PostgreSQL or Redis, not the work itself. */
export function isConnectionError(err: unknown): boolean {
  return chain(err).some((e) => {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return true;
    const errors = (e as { errors?: unknown[] }).errors; // AggregateError from a dual-stack connect
    if (Array.isArray(errors) && errors.some((x) => isConnectionError(x))) return true;
    return e instanceof Error && CONNECTION_MESSAGES.test(e.message);
  });
}

/** The underlying cause in a line: "connection refused (127.0.0.1:5432)", "the database system is shutting down". */
export function causeOf(err: unknown): string {
  const refused = networkFailure(err) ?? networkFailure((chain(err).find((e) => Array.isArray((e as { errors?: unknown }).errors)) as { errors: unknown[] } | undefined)?.errors[0]);
  if (refused) return refused;
  const links = chain(err);
  const last = links[links.length - 1] as { code?: string; message?: string; errors?: { message?: string }[] } | undefined;
  if (!last) return String(err);
  const message = last.message || last.errors?.map((e) => e.message).filter(Boolean).join('; ') || String(last);
  return last.code && !message.includes(last.code) ? `${last.code} ${message}` : message;
}

/**
 * The error a job fails with, or a log line shows: a store error as its own
 * message and SQLSTATE, never the statement. Other errors pass unchanged.
 */
export function cleanError(err: unknown): Error {
  if (err instanceof UnrecoverableError || err instanceof StoreFailure) return err;
  const query = chain(err).find((e): e is DrizzleQueryError => e instanceof DrizzleQueryError);
  if (!query) return err instanceof Error ? err : new Error(String(err));
  const pgError = query.cause as { message?: string; code?: string } | undefined;
  const code = typeof pgError?.code === 'string' ? pgError.code : null;
  const text = pgError?.message ? pgError.message : causeOf(pgError ?? err);
  return new StoreFailure(`store: ${text}${code && !text.includes(code) ? ` (SQLSTATE ${code})` : ''}`, code, { cause: pgError });
}

/** A short code for the error columns: the fetch error's code, 'store', or 'internal'. */
export function errorCodeOf(err: unknown): string {
  const e = err as { name?: string; code?: unknown; status?: number; reason?: unknown };
  if (e?.name === 'FetchError' && typeof e.code === 'string') return e.code === 'http' && e.status ? `http_${e.status}` : e.code;
  if (e?.name === 'FeedParseError') return 'parse';
  if (e?.name === 'UnreadableError' && typeof e.reason === 'string') return e.reason;
  if (err instanceof StoreFailure || chain(err).some((x) => x instanceof DrizzleQueryError)) return 'store';
  return 'internal';
}

// U+0000 is the one character PostgreSQL text cannot hold; lone surrogates are
// written as U+FFFD by the driver's UTF-8 encoding, so they need nothing.
const NUL = /\u0000/g;

/** The text without NUL characters (PostgreSQL refuses them in text). */
export function storable(s: string): string;
export function storable(s: string | null): string | null;
export function storable(s: string | null | undefined): string | null | undefined;
export function storable(s: string | null | undefined): string | null | undefined {
  return s && s.includes('\u0000') ? s.replace(NUL, '') : s;
}

/** Bytes of UTF-8 without NUL bytes (in UTF-8 a 0x00 byte is only ever U+0000). */
export function storableBytes(bytes: Buffer): Buffer {
  if (!bytes.includes(0)) return bytes;
  const out = Buffer.allocUnsafe(bytes.length);
  let n = 0;
  for (const b of bytes) if (b !== 0) out[n++] = b;
  return out.subarray(0, n);
}
