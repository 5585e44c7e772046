// The departure rule's knobs. A watch file may set them for the whole watch
// and again per measure (casualty counts scatter more than troop counts), so
// the settings of one measure are defaults ← watch ← measure.
import { z } from 'zod';

// Validators without defaults, so that an override names only what it changes.
const fields = {
  /** Independent sources the consensus must rest on before anything departs from it. */
  minSources: z.number().int().min(1),
  /** How many spreads from the centre a figure must lie to depart. */
  maxSpreads: z.number().positive(),
  /**
   * The least ratio (figure / centre or centre / figure) that departs: when
   * sources agree almost exactly the spread is tiny, and this keeps 10,500
   * against 10,000 from ever being news.
   */
  minRatio: z.number().min(1),
  /**
   * The floor of the spread, in log10: sources that all say "10,000" have no
   * scatter at all, and a 25% spread is as close as reporting gets.
   */
  minSpreadLog10: z.number().positive(),
  /** Makes the MAD estimate a standard deviation for normally scattered figures. */
  madScale: z.number().positive(),
  /**
   * Half-life of a figure's weight, in days; null weighs all alike. 60 days
   * because a story like the seed one moves in weeks to months (10,000–12,000
   * troops in late 2024, reinforcements in early 2025, 25,000–30,000 more by
   * July 2025): a figure from last quarter still weighs about a third and one
   * from half a year ago about an eighth, so a lone old consensus keeps
   * standing until something newer arrives (weights only compare figures
   * with each other), while a fresh cluster of figures takes the centre over
   * within a couple of months.
   */
  halfLifeDays: z.number().positive().nullable(),
  /**
   * `level`: a count that stands (troops deployed); `cumulative`: a count that
   * only grows (casualties), whose rise over time is the story moving, not a
   * departure. Only the measure can say which it is.
   */
  kind: z.enum(['level', 'cumulative']),
  /**
   * For a cumulative measure: the consensus as of a date rests on the figures
   * of the days before it, this many, since older totals are lower by nature.
   */
  windowDays: z.number().positive(),
  /**
   * A departure whose claim the extractor is less sure of than this (0–1) is
   * held for review instead of posted.
   */
  alertThreshold: z.number().min(0).max(1),
  /**
   * Figures a report of this measure can plausibly give, in its unit: one
   * outside (11 troops for "11,000", 9 million shells for soldiers) is held
   * for review instead of posted, and never counts in the consensus.
   */
  plausible: z.strictObject({ min: z.number().nonnegative().optional(), max: z.number().positive().optional() }).nullable(),
};

export const consensusSettingsSchema = z.object({
  minSources: fields.minSources.default(3),
  maxSpreads: fields.maxSpreads.default(3.5),
  minRatio: fields.minRatio.default(1.5),
  minSpreadLog10: fields.minSpreadLog10.default(Math.log10(1.25)),
  madScale: fields.madScale.default(1.4826),
  halfLifeDays: fields.halfLifeDays.default(60),
  kind: fields.kind.default('level'),
  windowDays: fields.windowDays.default(60),
  alertThreshold: fields.alertThreshold.default(0),
  plausible: fields.plausible.default(null),
});

export type ConsensusSettings = z.infer<typeof consensusSettingsSchema>;

/** What a watch file may write, at watch level or under a measure: any subset, nothing unknown. */
export const consensusOverridesSchema = z.strictObject(fields).partial();
export type ConsensusOverrides = z.infer<typeof consensusOverridesSchema>;

export const DEFAULT_CONSENSUS_SETTINGS: ConsensusSettings = Object.freeze(consensusSettingsSchema.parse({}));

export class ConsensusSettingsError extends Error {}

function overrides(value: unknown, where: string): ConsensusOverrides {
  if (value === undefined || value === null) return {};
  const result = consensusOverridesSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue.path.length ? issue.path.join('.') : '(the object)';
    throw new ConsensusSettingsError(`invalid ${where} consensus setting ${path}: ${issue.message}`);
  }
  return result.data;
}

/** The settings of one measure: the defaults, overridden by the watch, then by the measure. */
export function resolveSettings(watchLevel?: unknown, measureLevel?: unknown): ConsensusSettings {
  return consensusSettingsSchema.parse({
    ...overrides(watchLevel, 'watch-level'),
    ...overrides(measureLevel, 'measure-level'),
  });
}

/** The settings of every measure of some watches, by watch id and measure; defaults for what they do not know. */
export function watchSettings(watches: readonly { id: string; consensus?: unknown; measures: Record<string, { consensus?: unknown }> }[]):
  (watch: string, measure: string) => ConsensusSettings {
  const byId = new Map(watches.map((w) => [w.id, w]));
  return (watch, measure) => {
    const w = byId.get(watch);
    return resolveSettings(w?.consensus, w?.measures[measure]?.consensus);
  };
}
