// The types the rules pass along: a figure found in a sentence, what it was
// read to count, and the claim a reading becomes. They live apart from the
// rules so that every rule module can name them without importing another.
import type { ClaimFlag } from '../confidence.js';
import type { NumberQualifier } from '../lang/numbers.js';

export type Qualifier = 'exact' | 'approx' | 'up_to' | 'at_least' | 'vague';
export type Status = 'present' | 'planned' | 'additional';
export type Scope = 'total' | 'subset';

export interface ExtractedClaim {
  measure: string;
  low: number;
  high: number;
  unit: string;
  per: string | null;
  qualifier: Qualifier;
  status: Status;
  scope: Scope;
  source: string[];
  /** Canonical originator id from the watch's aliases, e.g. 'hur': what makes sources independent. */
  sourceKey: string | null;
  location: string | null;
  asOf: string | null;
  evidence: { sentence: string; start: number; end: number };
  confidence: number;
  /** Why the confidence is below a clean reading's: codes of CLAIM_FLAGS (src/claims/confidence.ts). */
  flags: ClaimFlag[];
}

export interface Figure {
  low: number;
  high: number;
  vague: boolean;
  /** Token span [tokStart, tokEnd) and character span. */
  tokStart: number;
  tokEnd: number;
  start: number;
  end: number;
  text: string;
  hasDigits: boolean;
  /** Read from an unusual written form (see NumberMention.unusual). */
  unusual: boolean;
  /** What the number's own form says ("一万多", "1만여"), read by a pack's number reader. */
  ownQualifier?: NumberQualifier | null;
}

export interface Reading {
  measure: string;
  /** The token after the counted noun (or the figure, for bare ones). */
  headEnd: number;
  via: 'noun' | 'left' | 'predicate' | 'money' | 'mass';
  /** The figure is a part of a group named after it ("4,000 of those soldiers"). */
  partitive: boolean;
  /** Words of the measure's parts found with it (casualties: killed, wounded). */
  parts: Set<string>;
  currency?: string;
  distance: number;
  /** The loss word that made it a loss count is past a clause ("300 soldiers, who ..., have died"). */
  farLoss?: boolean;
  /** Counted by a noun of a kind of the measure ("5,000 military builders"): a part. */
  subsetNoun?: boolean;
}

/** Where a claim's source came from: its own sentence, a neighbour, the headline, or nowhere. */
export type SourceFrom = 'sentence' | 'neighbour' | 'headline' | 'none';

/** A claim while the article is read, with what later rules (parts, flags) need to know of it. */
export interface Draft extends ExtractedClaim {
  sentenceIndex: number;
  paragraph: number;
  figStart: number;
  subsetFromText: boolean;
  totalFromText: boolean;
  statusFromCue: boolean;
  sourceFrom: SourceFrom;
}
