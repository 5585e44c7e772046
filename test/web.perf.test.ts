// The dashboard's pages stay fast with 100,000 articles: every list query is
// answered from an index (checked with EXPLAIN on a store of that size), so
// its cost does not grow with the store. No timings asserted here; the test
// prints them for BENCHMARKS.md.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Db } from '../src/store/db.js';
import { articleFilterChoices, articlesQuery, decodeCursor, listArticles, type ArticleFilter } from '../src/web/queries.js';
import { webFixture, type WebFixture } from './web-fixture.js';

const N = 100_000;
let fx: WebFixture;
let db: Db;

interface PlanNode { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: PlanNode[] }

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

async function plan(f: ArticleFilter): Promise<PlanNode[]> {
  const q = articlesQuery(db, f).toSQL();
  const res = await fx.ctx.store.pool.query(`explain (format json) ${q.sql}`, q.params);
  return nodes((res.rows[0]['QUERY PLAN'] as { Plan: PlanNode }[])[0].Plan);
}

beforeAll(async () => {
  fx = await webFixture('postgres');
  db = fx.ctx.db;
  const started = Date.now();
  // 100,000 articles from 20 feeds over 200 days, in four languages, one in
  // seven a duplicate, one in ten with two claims; texts of random words.
  await db.execute(sql`insert into feeds (url, title, interval_seconds)
    select 'https://feeds.example/' || g || '.xml', 'Feed ' || g, 3600 from generate_series(1, 20) g`);
  await db.execute(sql`
    with words as (select array['harbour','council','troops','winter','bridge','market','election','river','factory','storm',
      'budget','museum','railway','festival','harvest','minister','court','hospital','energy','ferry'] w)
    insert into articles (url, status, duplicate_of, title, lang, outlet, feed_id, text, text_hash, tagging, published_at, created_at)
    select 'https://news.example/a/' || g,
      case when g % 7 = 0 then 'duplicate' else 'new' end,
      case when g % 7 = 0 then g - 1 end,
      'Story ' || g || ' about the ' || w[1 + g % 20] || ' and the ' || w[1 + (g / 20) % 20],
      (array['en','de','fr','uk'])[1 + g % 4],
      'outlet' || (g % 50) || '.example',
      (select min(id) from feeds) + g % 20,
      repeat(w[1 + (g * 7) % 20] || ' ' || w[1 + (g * 13) % 20] || ' ' || w[1 + (g / 3) % 20] || ' ', 20) || ' report number ' || g,
      md5(g::text), 'tagged',
      now() - (g || ' minutes')::interval * 3,
      now() - ((${N} - g) || ' minutes')::interval * 3
    from generate_series(1, ${N}) g, words`);
  await db.execute(sql`
    insert into claims (article_id, watch, measure, low, high, unit, qualifier, status, scope, source, evidence_sentence, evidence_start, evidence_end, confidence, reported_at)
    select a.id, 'dprk-troops-russia', 'troops', 10000 + a.id % 5000, 10000 + a.id % 5000, 'persons', 'exact', 'present', 'total', '["wire"]'::jsonb, 'x', 0, 1, 0.9, a.created_at
    from articles a, generate_series(1, 2) k where a.id % 10 = 0`);
  await db.execute(sql`analyze`);
  console.log(`filled ${N} articles in ${Date.now() - started} ms`);
});

afterAll(async () => { await fx?.close(); });

describe(`the articles page with ${N.toLocaleString('en')} articles`, () => {
  const newest = async () => {
    const page = await listArticles(db, { limit: 50 });
    return decodeCursor(page.older!)!;
  };

  test('every filter is answered from an index, never by reading the whole table', async () => {
    const feedId = (await db.execute<{ id: number }>(sql`select min(id) as id from feeds`)).rows[0].id;
    const cursor = await newest();
    const cases: [string, ArticleFilter][] = [
      ['newest first', { limit: 50 }],
      ['an older page', { limit: 50, before: cursor }],
      ['a newer page', { limit: 50, after: cursor }],
      ['one feed', { limit: 50, feed: feedId }],
      ['one feed, older page', { limit: 50, feed: feedId, before: cursor }],
      ['duplicates', { limit: 50, status: 'duplicate' }],
      ['a language', { limit: 50, lang: 'de' }],
      ['with claims', { limit: 50, claims: 'yes' }],
      ['without claims', { limit: 50, claims: 'no' }],
      ['text search', { limit: 50, q: 'harbour election' }],
      ['text search and a feed', { limit: 50, q: 'storm', feed: feedId }],
    ];
    for (const [name, f] of cases) {
      const steps = await plan(f);
      const seqOnArticles = steps.filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'articles');
      expect(seqOnArticles, `${name}: ${JSON.stringify(steps.map((n) => n['Node Type']))}`).toEqual([]);
      expect(steps.some((n) => n['Index Name']?.startsWith('articles_')), `${name} uses an index of articles`).toBe(true);
      const t = Date.now();
      const page = await listArticles(db, f);
      console.log(`${name.padEnd(24)} ${String(page.items.length).padStart(3)} rows  ${Date.now() - t} ms`);
      expect(page.items.length).toBeGreaterThan(0);
    }
    // A rare word is found through the text index (a common one, by reading the newest rows until 50 match).
    const rare = await plan({ limit: 50, q: '4242' });
    expect(rare.some((n) => n['Index Name'] === 'articles_search_idx')).toBe(true);
    expect((await listArticles(db, { limit: 50, q: '4242' })).items.map((a) => a.url)).toEqual(['https://news.example/a/4242']);
  });

  test('the pages and the filter choices answer', async () => {
    const t0 = Date.now();
    const choices = await articleFilterChoices(db);
    expect(choices.langs).toEqual(['de', 'en', 'fr', 'uk']);
    console.log(`filter choices           ${Date.now() - t0} ms`);
    for (const path of ['/', '/articles', '/articles?status=duplicate&lang=fr', '/articles?q=railway', '/api/overview', '/measures/dprk-troops-russia/troops']) {
      const t = Date.now();
      const r = await fx.app.inject({ url: path });
      console.log(`GET ${path.padEnd(40)} ${r.statusCode}  ${Date.now() - t} ms`);
      expect(r.statusCode, path).toBe(200);
    }
    const overview = (await fx.app.inject({ url: '/api/overview' })).json();
    expect(overview.articles.total).toBe(N + 7);
  });
});
