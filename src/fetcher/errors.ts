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
