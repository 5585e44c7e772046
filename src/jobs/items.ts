// A feed item stays 'pending' from the poll that stored it until its page is
// stored or its failure recorded; the sweeper queues again whatever is left
// pending. Items of several feeds listing one URL share its one fetch, so an
// outcome settles every item at that URL.
import { and, eq, or } from 'drizzle-orm';
import type { Db } from '../store/db.js';
import { feedItems } from '../store/schema.js';

export async function settleItems(db: Db, page: { url: string; feedItemId?: number | null }): Promise<void> {
  const which = page.feedItemId ? or(eq(feedItems.url, page.url), eq(feedItems.id, page.feedItemId)) : eq(feedItems.url, page.url);
  await db.update(feedItems).set({ pageState: 'done' }).where(and(which, eq(feedItems.pageState, 'pending')));
}
