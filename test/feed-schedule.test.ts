// The polling policy: how often a feed is asked, and how a failing one backs off.
import { describe, expect, it } from 'vitest';
import { FeedParseError } from '../src/feed/index.js';
import { adaptInterval, backoffSeconds, errorWeight } from '../src/feed/schedule.js';
import { FetchError } from '../src/fetcher/index.js';

const now = new Date('2025-03-01T12:00:00Z');
const MIN = 300;
const MAX = 86_400;
/** n items, the newest `sinceNewestS` ago, then one every `gapS`. */
const every = (gapS: number, n = 10, sinceNewestS = 0) =>
  Array.from({ length: n }, (_, i) => new Date(now.getTime() - (sinceNewestS + i * gapS) * 1000));
const interval = (itemDates: Date[], extra: Partial<Parameters<typeof adaptInterval>[0]> = {}) =>
  adaptInterval({ itemDates, duplicateShare: 0, floorSeconds: null, minSeconds: MIN, maxSeconds: MAX, now, ...extra });

describe('adaptInterval', () => {
  it('polls a busy feed at about half its publishing gap', () => {
    expect(interval(every(20 * 60))).toBe(600);
    expect(interval(every(3 * 3600))).toBe(5400);
  });

  it('polls a quiet feed less often, and one gone silent at most daily', () => {
    const busy = interval(every(3600));
    const daily = interval(every(86_400, 10, 3600));
    expect(daily).toBe(43_200);
    expect(busy).toBeLessThan(daily);
    // Hourly once, but nothing for ten days: no reason to ask every half hour.
    expect(interval(every(3600, 10, 10 * 86_400))).toBe(MAX);
  });

  it('keeps within the configured range', () => {
    expect(interval(every(60))).toBe(MIN);
    expect(interval(every(30 * 86_400))).toBe(MAX);
  });

  it('slows down for a feed whose items are mostly copies', () => {
    const original = interval(every(3600));
    const copies = interval(every(3600), { duplicateShare: 0.9 });
    expect(copies).toBeGreaterThan(2 * original);
    expect(interval(every(3600), { duplicateShare: 0.5 })).toBeGreaterThan(original);
    expect(interval(every(3600), { duplicateShare: 0.5 })).toBeLessThan(copies);
  });

  it('never goes below the feed\'s own floor (ttl, max-age, Retry-After), up to the maximum', () => {
    expect(interval(every(600), { floorSeconds: 3600 })).toBe(3600);
    expect(interval(every(86_400), { floorSeconds: 60 })).toBe(43_200);
    expect(interval(every(600), { floorSeconds: 7 * 86_400 })).toBe(MAX);
  });

  it('makes a middling guess from no dates, and ignores dates far in the future', () => {
    const guess = interval([]);
    expect(guess).toBeGreaterThan(MIN);
    expect(guess).toBeLessThan(MAX);
    const future = [new Date(now.getTime() + 30 * 86_400_000), new Date(now.getTime() + 31 * 86_400_000)];
    expect(interval([...future, ...every(1800)])).toBe(interval(every(1800)));
  });

  it('does not depend on the order items are listed in', () => {
    const dates = every(2 * 3600);
    expect(interval([...dates].reverse())).toBe(interval(dates));
  });
});

describe('backoffSeconds', () => {
  it('grows exponentially with the error score', () => {
    expect(backoffSeconds(0, 300, 86_400)).toBe(300);
    expect(backoffSeconds(1, 300, 86_400)).toBe(600);
    expect(backoffSeconds(3, 300, 86_400)).toBe(2400);
    // One soft failure waits less than one hard one.
    expect(backoffSeconds(0.5, 300, 86_400)).toBeLessThan(backoffSeconds(1, 300, 86_400));
    expect(backoffSeconds(0.5, 300, 86_400)).toBeGreaterThan(300);
  });

  it('is capped, and never beyond a day', () => {
    expect(backoffSeconds(20, 300, 7200)).toBe(7200);
    expect(backoffSeconds(20, 300, 7 * 86_400)).toBe(86_400);
    expect(backoffSeconds(10_000, 300, 86_400)).toBe(86_400);
  });
});

describe('errorWeight', () => {
  it('weighs hard errors 1 and soft ones 0.5', () => {
    expect(errorWeight(new FetchError('http', 'HTTP 404', 'u', { status: 404 }))).toBe(1);
    expect(errorWeight(new FetchError('blocked_address', 'blocked', 'u'))).toBe(1);
    expect(errorWeight(new FetchError('too_large', 'big', 'u'))).toBe(1);
    expect(errorWeight(new FeedParseError('malformed XML', 'u'))).toBe(1);
    expect(errorWeight(new FetchError('timeout', 'slow', 'u'))).toBe(0.5);
    expect(errorWeight(new FetchError('http', 'HTTP 503', 'u', { status: 503 }))).toBe(0.5);
    expect(errorWeight(new FetchError('http', 'HTTP 429', 'u', { status: 429 }))).toBe(0.5);
    expect(errorWeight(new FetchError('dns', 'no such host', 'u'))).toBe(0.5);
  });

  it('does not count our own cancellation against the feed', () => {
    expect(errorWeight(new FetchError('aborted', 'cancelled', 'u'))).toBe(0);
  });
});
