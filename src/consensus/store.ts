// The stored consensus: one row each time a measure's consensus moved, so the
// dashboard can draw it over time and the CLI can print where it stands.
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../store/db.js';
import { consensus } from '../store/schema.js';
import type { Consensus } from './consensus.js';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type StoredConsensus = typeof consensus.$inferSelect;

/** The consensus of each measure of a watch as it stands now, by measure. */
export async function latestConsensus(db: Db | Tx, watch: string): Promise<StoredConsensus[]> {
  // Rows are written under the measure's lock, so the highest id is the latest state.
  return db.selectDistinctOn([consensus.measure]).from(consensus)
    .where(eq(consensus.watch, watch))
    .orderBy(asc(consensus.measure), desc(consensus.id));
}

/** Every state a measure's consensus went through, oldest first. */
export async function consensusHistory(db: Db | Tx, watch: string, measure: string): Promise<StoredConsensus[]> {
  return db.select().from(consensus)
    .where(and(eq(consensus.watch, watch), eq(consensus.measure, measure)))
    .orderBy(asc(consensus.id));
}

export async function latestOf(db: Db | Tx, watch: string, measure: string): Promise<StoredConsensus | undefined> {
  const [row] = await db.select().from(consensus)
    .where(and(eq(consensus.watch, watch), eq(consensus.measure, measure)))
    .orderBy(desc(consensus.id)).limit(1);
  return row;
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b), 1);

/** Whether a computed consensus says the same as a stored one. */
export function sameConsensus(row: Pick<StoredConsensus, 'centre' | 'bandLow' | 'bandHigh' | 'figures' | 'sources' | 'sourceList'>, c: Consensus): boolean {
  return close(row.centre, c.centre) && close(row.bandLow, c.bandLow) && close(row.bandHigh, c.bandHigh) &&
    row.figures === c.figures && row.sources === c.sources &&
    JSON.stringify(row.sourceList) === JSON.stringify(c.sourceList);
}
