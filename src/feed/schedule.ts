// How often to poll a feed: a pure policy, so it can be reasoned about and
// tested without a clock or a queue. A feed is asked about as often as it has
// something new, and a failing one less and less often.
import { FetchError } from '../fetcher/errors.js';
import { FeedParseError } from './errors.js';

const DAY = 86_400;
// Enough recent items to find a feed's rhythm without reaching back into old habits.
const RECENT_ITEMS = 20;
// Dates a little in the future are clock skew; further out, a scheduled post or garbage.
const SKEW_MS = 10 * 60_000;

export interface AdaptInput {
  /** Publish times of the items in the latest feed. */
  itemDates: Date[];
  /** 0..1: the share of this feed's recent items that were copies of stories already stored. */
  duplicateShare: number;
  /** The feed's own floor: RSS ttl, Cache-Control max-age or Retry-After. */
  floorSeconds: number | null;
  minSeconds: number;
  maxSeconds: number;
  now: Date;
}

export function adaptInterval(input: AdaptInput): number {
  const { minSeconds, maxSeconds } = input;
  const now = input.now.getTime();
  const times = input.itemDates
    .map((d) => d.getTime())
    .filter((t) => Number.isFinite(t) && t <= now + SKEW_MS)
    .sort((a, b) => b - a)
    .slice(0, RECENT_ITEMS);

  let seconds: number;
  if (times.length === 0) {
    // Nothing to go on: the middle of the range on a log scale.
    seconds = Math.sqrt(minSeconds * maxSeconds);
  } else {
    const sinceNewest = Math.max(0, now - times[0]) / 1000;
    if (times.length === 1) {
      seconds = sinceNewest / 2;
    } else {
      const gaps = times.slice(1).map((t, i) => (times[i] - t) / 1000);
      // Half the typical gap catches most new items within half a gap of their publication.
      seconds = median(gaps) / 2;
    }
    // A feed gone quiet for longer than its usual rhythm is asked less often,
    // in proportion to how long it has been silent.
    seconds = Math.max(seconds, sinceNewest / 4);
  }
  // A feed of mostly copies brings little that is new: up to four times slower.
  const share = Math.min(1, Math.max(0, Number.isFinite(input.duplicateShare) ? input.duplicateShare : 0));
  seconds *= 1 + 3 * share;

  const clamped = Math.min(maxSeconds, Math.max(minSeconds, seconds));
  // The publisher's own floor is honoured as far as the longest interval we allow.
  const floor = Math.min(input.floorSeconds ?? 0, maxSeconds);
  return Math.round(Math.max(clamped, floor));
}

/**
 * The wait after failures: base·2^score, where the score is the weighted count
 * of consecutive failures, never more than capSeconds nor a day.
 */
export function backoffSeconds(errorScore: number, baseSeconds: number, capSeconds: number): number {
  const cap = Math.min(capSeconds, DAY);
  const score = Number.isFinite(errorScore) && errorScore > 0 ? errorScore : 0;
  return Math.round(Math.min(cap, Math.max(baseSeconds, baseSeconds * 2 ** score)));
}

/** A hard error (404, blocked, parse error) weighs 1; a soft one that may heal by itself 0.5. */
export function errorWeight(err: FetchError | FeedParseError): number {
  if (err instanceof FeedParseError) return 1;
  // Our own shutdown cancelled it: not the feed's fault.
  if (err.code === 'aborted') return 0;
  return err.kind === 'hard' ? 1 : 0.5;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
