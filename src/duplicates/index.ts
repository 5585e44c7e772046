// The duplicate check and the store, in one transaction. A story is stored once,
// as an original; every copy of it (the same URL, the same normalised text, or
// a near copy found through the MinHash LSH index and verified on its shingles)
// is its own row pointing at that original, so the dashboard can list where the
// story ran while claims and consensus see it once.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../store/db.js';
import { articleBands, articles } from '../store/schema.js';
import {
  fingerprint, isCopy, likeness, shingleSet, similarityOf,
  type DuplicateSettings, type Fingerprint,
} from './shingles.js';

export {
  bandKeys, fingerprint, isCopy, likeness, minhash, shingleSet, similarityOf, words,
  type DuplicateSettings, type Fingerprint, type Likeness,
} from './shingles.js';

type ArticleInsert = typeof articles.$inferInsert;
/** The store or an open transaction on it. */
type Tx = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

/** The articles insert values; status, duplicateOf and similarity are the check's to decide. */
export interface NewArticle extends Omit<ArticleInsert, 'id' | 'url' | 'text' | 'textHash' | 'status' | 'duplicateOf' | 'similarity'> {
  /** Canonical, normalised URL. */
  url: string;
  text: string;
  /** sha256 of the normalised text, computed by the caller: the exact-duplicate key. */
  textHash: string;
  /** What an original is stored as (default 'new'); a copy is always 'duplicate'. */
  status?: string;
}

export interface StoreResult {
  articleId: number;
  status: 'new' | 'duplicate';
  /** The original a duplicate points at; never itself a duplicate. */
  duplicateOf: number | null;
  /**
   * Verified shingle similarity to the original: the Jaccard similarity, or the
   * containment when that is higher and made it a copy (1 for the same text).
   */
  similarity: number | null;
  reason: 'url' | 'text_hash' | 'near' | null;
  /** The same URL was already stored: nothing was written, this is that row. */
  existed: boolean;
}

export interface Match {
  original: number;
  similarity: number;
  reason: 'text_hash' | 'near';
}

// Advisory lock namespace ('dup1'), so these keys never meet another module's.
const LOCK_SPACE = 0x64757031;
// A band key shared by very many originals (boilerplate common to one site)
// must not make one check read them all; the best-sharing few are verified.
const CANDIDATE_LIMIT = 200;
const VERIFY_LIMIT = 12;

function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

const pgArray = (values: number[]) => `{${values.join(',')}}`;

/**
 * Two copies of one story checked at once must not both become originals. A
 * copy that a sequential check would find shares the text hash or a band key
 * with its original, so locking those keys (and the URL) serialises exactly
 * the checks that could see each other, and lets the others run side by side.
 * The keys are taken in ascending order in one statement, so lockers never
 * wait on each other in a cycle.
 */
async function lockKeys(tx: Tx, article: NewArticle, fp: Fingerprint): Promise<void> {
  const keys = new Set<number>([hash32(`url:${article.url}`), hash32(`text:${article.textHash}`)]);
  for (const k of fp.keys) keys.add(k % 2 ** 32 | 0);
  await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_SPACE}::int4, k)
    from (select distinct k from unnest(${pgArray([...keys])}::int4[]) as k order by k) as ordered`);
}

/**
 * The original a text copies, if any: by text hash, else the best verified
 * candidate among the originals sharing a band key with it. Index lookups
 * only, so it costs the same however many articles are stored.
 */
export async function findDuplicate(
  db: Db,
  article: { text: string; textHash: string },
  settings: DuplicateSettings,
): Promise<Match | null> {
  const fp = fingerprint(article.text, settings);
  return db.transaction((tx) => findIn(tx, article, settings, fp));
}

/** The original of a stored article with this very text, if any. */
async function findExact(tx: Tx, textHash: string): Promise<Match | null> {
  const [exact] = await exactQuery(tx, textHash);
  return exact ? exactMatch(exact) : null;
}

function exactQuery(tx: Tx, textHash: string) {
  return tx.select({ ...lookupColumns, exact: sql<boolean>`true`.as('exact') })
    .from(articles)
    .where(and(eq(articles.textHash, textHash), inArray(articles.status, ['new', 'duplicate'])))
    .orderBy(sql`${articles.status} = 'new' desc`, asc(articles.id))
    .limit(1);
}

const lookupColumns = { id: articles.id, url: articles.url, status: articles.status, duplicateOf: articles.duplicateOf, fetchedUrl: articles.fetchedUrl };

function exactMatch(row: { id: number; status: string; duplicateOf: number | null }): Match {
  const original = row.status === 'duplicate' && row.duplicateOf !== null ? row.duplicateOf : row.id;
  return { original, similarity: 1, reason: 'text_hash' };
}

/** The address an article's page was read from: its fetched URL, else its own. */
export const readFrom = (row: { url: string; fetchedUrl: string | null }): string => row.fetchedUrl ?? row.url;

export interface Lookup {
  /** Each given URL that is stored: its status, and the address its page was read from. */
  urls: Map<string, { status: string; readFrom: string }>;
  /** The original of a stored article with this very text, if any. */
  exact: Match | null;
}

/**
 * What the store holds under these URLs, and the original of this text: the
 * questions every page asks before it is stored, in one round trip.
 */
export async function lookUp(db: Tx, urls: string[], textHash: string): Promise<Lookup> {
  const rows = await db.select({ ...lookupColumns, exact: sql<boolean>`false`.as('exact') })
    .from(articles).where(inArray(articles.url, urls))
    .unionAll(exactQuery(db, textHash));
  const found: Lookup = { urls: new Map(), exact: null };
  for (const row of rows) {
    if (row.exact) found.exact = exactMatch(row);
    else found.urls.set(row.url, { status: row.status, readFrom: readFrom(row) });
  }
  return found;
}

async function findIn(tx: Tx, article: { textHash: string }, settings: DuplicateSettings, fp: Fingerprint): Promise<Match | null> {
  const exact = await findExact(tx, article.textHash);
  if (exact) return exact;
  if (fp.keys.length === 0) return null;

  // The keys are unique, so ANALYZE gathers no statistics on them and the
  // planner guesses that an overlap with 32 of them matches 15% of the table:
  // it then reads the whole table instead of the index. Here it never should.
  await tx.execute(sql`set local enable_seqscan = off`);
  const mine = new Set(fp.keys.map(String));
  const { rows } = await tx.execute<{ article_id: number; keys: string[] }>(sql`
    select article_id, keys from article_bands
    where keys && ${pgArray(fp.keys)}::bigint[]
    limit ${CANDIDATE_LIMIT}`);
  if (rows.length === 0) return null;
  const ranked = rows
    .map((r) => ({ id: Number(r.article_id), shared: r.keys.filter((k) => mine.has(String(k))).length }))
    .sort((a, b) => b.shared - a.shared || a.id - b.id)
    .slice(0, VERIFY_LIMIT);
  const texts = await tx.select({ id: articles.id, text: articles.text }).from(articles)
    .where(and(inArray(articles.id, ranked.map((c) => c.id)), eq(articles.status, 'new')));
  let best: Match | null = null;
  for (const candidate of texts) {
    if (!candidate.text) continue;
    const l = likeness(fp.shingles, shingleSet(candidate.text, settings.shingleSize));
    if (!isCopy(l, settings)) continue;
    const similarity = similarityOf(l, settings);
    if (!best || similarity > best.similarity || (similarity === best.similarity && candidate.id < best.original)) {
      best = { original: candidate.id, similarity, reason: 'near' };
    }
  }
  return best;
}

const stored = {
  id: articles.id, status: articles.status, duplicateOf: articles.duplicateOf, similarity: articles.similarity,
};

/** The row already stored under this URL, as the result of storing it. */
async function storedUnder(tx: Tx, url: string): Promise<StoreResult> {
  const [now] = await tx.select(stored).from(articles).where(eq(articles.url, url));
  return existing(now);
}

function existing(row: { id: number; status: string; duplicateOf: number | null; similarity: number | null }): StoreResult {
  return {
    articleId: row.id,
    status: row.status === 'duplicate' ? 'duplicate' : 'new',
    duplicateOf: row.duplicateOf,
    similarity: row.similarity,
    reason: 'url',
    existed: true,
  };
}

/**
 * Stores an article unless its URL is stored already: as a duplicate of the
 * original it copies (no bands, tagging skipped), else as a new original whose
 * bands join the index. The check and the insert are one transaction under
 * advisory locks, so concurrent workers store one original per story.
 * `known` is the caller's lookUp of this text, when it made one.
 */
export async function storeArticle(
  db: Db, article: NewArticle, settings: DuplicateSettings, known?: Pick<Lookup, 'exact'>,
): Promise<StoreResult> {
  // The commonest copy, the same text, needs neither shingles nor locks: its
  // original is stored and committed, and stays the original.
  const exact = known ? known.exact : await findExact(db, article.textHash);
  if (exact) return insertCopy(db, article, exact);
  // Shingling is CPU work: done before the transaction, not while holding locks.
  const fp = fingerprint(article.text, settings);
  // Inside, only `tx`: on the embedded store an open transaction holds the one
  // session, and a query on the outer pool would wait for it forever.
  return db.transaction(async (tx) => {
    await lockKeys(tx, article, fp);
    const [same] = await tx.select(stored).from(articles).where(eq(articles.url, article.url));
    if (same) return existing(same);

    const match = await findIn(tx, article, settings, fp);
    if (match) return insertCopy(tx, article, match);
    const [row] = await tx.insert(articles)
      .values({ ...article, status: article.status ?? 'new', duplicateOf: null, similarity: null })
      .onConflictDoNothing({ target: articles.url })
      .returning({ id: articles.id });
    // Written meanwhile by something that does not take these locks (an unreadable page's row).
    if (!row) return storedUnder(tx, article.url);
    if (fp.keys.length) {
      await tx.execute(sql`insert into article_bands (article_id, keys) values (${row.id}, ${pgArray(fp.keys)}::bigint[])`);
    }
    return { articleId: row.id, status: 'new', duplicateOf: null, similarity: null, reason: null, existed: false };
  });
}

/** Stores a copy pointing at its original, unless its URL is stored already. */
async function insertCopy(tx: Tx, article: NewArticle, match: Match): Promise<StoreResult> {
  const values: ArticleInsert = {
    ...article, status: 'duplicate', duplicateOf: match.original, similarity: match.similarity, tagging: 'skipped',
  };
  const [row] = await tx.insert(articles).values(values).onConflictDoNothing({ target: articles.url })
    .returning({ id: articles.id });
  if (!row) return storedUnder(tx, article.url);
  return { articleId: row.id, status: 'duplicate', duplicateOf: match.original, similarity: match.similarity, reason: match.reason, existed: false };
}

export interface Copy {
  articleId: number;
  url: string;
  outlet: string | null;
  title: string | null;
  publishedAt: Date | null;
  fetchedAt: Date;
  similarity: number | null;
}

/** Where a story ran: the copies of an article's original (of the article itself if it is one), oldest first. */
export async function duplicatesOf(db: Db, articleId: number): Promise<Copy[]> {
  const [row] = await db.select({ status: articles.status, duplicateOf: articles.duplicateOf })
    .from(articles).where(eq(articles.id, articleId));
  if (!row) return [];
  const original = row.status === 'duplicate' && row.duplicateOf !== null ? row.duplicateOf : articleId;
  return db.select({
    articleId: articles.id, url: articles.url, outlet: articles.outlet, title: articles.title,
    publishedAt: articles.publishedAt, fetchedAt: articles.fetchedAt, similarity: articles.similarity,
  }).from(articles)
    .where(and(eq(articles.duplicateOf, original), eq(articles.status, 'duplicate')))
    .orderBy(sql`coalesce(${articles.publishedAt}, ${articles.fetchedAt})`, asc(articles.id));
}

/**
 * Recomputes every original's bands. The keys depend on shingleSize, numHashes
 * and bands: after changing those, stored originals are found again only once
 * this has run. Batches by id, so it can run while workers store articles.
 */
export async function rebuildIndex(db: Db, settings: DuplicateSettings, batchSize = 500): Promise<number> {
  let after = 0;
  let done = 0;
  for (;;) {
    const batch = await db.select({ id: articles.id, text: articles.text }).from(articles)
      .where(and(eq(articles.status, 'new'), sql`${articles.id} > ${after}`, sql`${articles.text} is not null`))
      .orderBy(asc(articles.id)).limit(batchSize);
    if (batch.length === 0) return done;
    for (const { id, text } of batch) {
      const { keys } = fingerprint(text!, settings);
      if (keys.length) {
        await db.execute(sql`insert into article_bands (article_id, keys) values (${id}, ${pgArray(keys)}::bigint[])
          on conflict (article_id) do update set keys = excluded.keys`);
      } else {
        await db.delete(articleBands).where(eq(articleBands.articleId, id));
      }
      done++;
    }
    after = batch[batch.length - 1].id;
  }
}
