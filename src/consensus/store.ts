// The stored consensus: one row each time a measure's consensus moved, so the
// dashboard can draw it over time and the CLI can print where it stands.
import { and, asc, desc, eq, lte } from 'drizzle-orm';
import type { Db } from '../store/db.js';
import { consensus } from '../store/schema.js';
import { sameFigures, type Consensus } from './consensus.js';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type StoredConsensus = typeof consensus.$inferSelect;

/** The consensus of each measure of a watch as it stands now, by measure. */
export async function latestConsensus(db: Db | Tx, watch: string): Promise<StoredConsensus[]> {
  // Each row stands from its date (`at`: the publication date of the figures
  // that moved it), so the latest state is the one of the latest date.
  return db.selectDistinctOn([consensus.measure]).from(consensus)
    .where(eq(consensus.watch, watch))
    .orderBy(asc(consensus.measure), desc(consensus.at), desc(consensus.id));
}

/** Every state a measure's consensus went through, in publication order. */
export async function consensusHistory(db: Db | Tx, watch: string, measure: string): Promise<StoredConsensus[]> {
  return db.select().from(consensus)
    .where(and(eq(consensus.watch, watch), eq(consensus.measure, measure)))
    .orderBy(asc(consensus.at), asc(consensus.id));
}

/** The stored state that stood at a date (the latest one, without a date). */
export async function latestOf(db: Db | Tx, watch: string, measure: string, at?: Date): Promise<StoredConsensus | undefined> {
  const [row] = await db.select().from(consensus)
    .where(and(eq(consensus.watch, watch), eq(consensus.measure, measure), at ? lte(consensus.at, at) : undefined))
    .orderBy(desc(consensus.at), desc(consensus.id)).limit(1);
  return row;
}

/** Whether a computed consensus says the same as a stored one. */
export function sameConsensus(row: Pick<StoredConsensus, 'centre' | 'bandLow' | 'bandHigh' | 'figures' | 'sources' | 'sourceList'>, c: Consensus): boolean {
  return sameFigures(row, c);
}
