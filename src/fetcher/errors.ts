// Every way a fetch can fail, named, so the feed refresh can weigh it (a soft
// error may heal by itself and backs a feed off less) and a page job can tell
// a retry worth making from one that is not.
export type FetchErrorCode =
  | 'timeout' | 'connect' | 'dns' | 'too_large' | 'too_many_redirects' | 'redirect_loop'
  | 'blocked_address' | 'robots' | 'http' | 'bad_url' | 'decode' | 'aborted';

const SOFT_CODES: ReadonlySet<FetchErrorCode> = new Set(['timeout', 'connect', 'dns', 'aborted']);

/** 429, 5xx and 408 say "not now", not "never". */
export function isSoftStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

export class FetchError extends Error {
  readonly code: FetchErrorCode;
  readonly kind: 'soft' | 'hard';
  readonly status?: number;
  readonly retryAfterSeconds?: number;
  readonly url: string;

  constructor(code: FetchErrorCode, message: string, url: string, extra: { status?: number; retryAfterSeconds?: number | null; cause?: unknown } = {}) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'FetchError';
    this.code = code;
    this.url = url;
    if (extra.status !== undefined) this.status = extra.status;
    if (extra.retryAfterSeconds != null) this.retryAfterSeconds = extra.retryAfterSeconds;
    this.kind = code === 'http'
      ? (extra.status !== undefined && isSoftStatus(extra.status) ? 'soft' : 'hard')
      : SOFT_CODES.has(code) ? 'soft' : 'hard';
  }
}

/** Raised from inside the connect-time DNS lookup; turned into a FetchError by the caller. */
export class BlockedAddressError extends Error {
  constructor(readonly host: string, readonly reason: string) {
    super(`${host}: ${reason}`);
    this.name = 'BlockedAddressError';
  }
}

// A failed connection in plain words, one per kind of fault, whichever layer
// (the socket, undici) reported it: "connection refused", not
// "ECONNREFUSED connect ECONNREFUSED 127.0.0.1:8080".
const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the other end',
  UND_ERR_SOCKET: 'connection closed by the other end',
  EPIPE: 'connection closed by the other end',
  ECONNABORTED: 'connection aborted',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EHOSTDOWN: 'host down',
};

/** The codes (`ECONNREFUSED`, `UND_ERR_…`) along an error's chain of causes, outermost first. */
export function errorCodes(err: unknown): string[] {
  const codes: string[] = [];
  for (let e: unknown = err, n = 0; e && n < 6; e = (e as { cause?: unknown }).cause, n++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
  }
  return codes;
}

/** "connection refused (127.0.0.1:8080)" for a failed connection; null for any other error. */
export function networkFailure(err: unknown): string | null {
  const code = errorCodes(err).find((c) => c in NETWORK_WORDS);
  if (!code) return null;
  let at = '';
  for (let e: unknown = err, n = 0; e && n < 6 && !at; e = (e as { cause?: unknown }).cause, n++) {
    const { address, port } = e as { address?: unknown; port?: unknown };
    if (typeof address === 'string') at = ` (${address}${typeof port === 'number' ? `:${port}` : ''})`;
  }
  return `${NETWORK_WORDS[code]}${at}`;
}
