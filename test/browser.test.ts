// The dashboard's real pages in headless Chromium (Debian's package, driven
// by playwright-core), over a store filled with the seed corpus. The server
// has a token, so every page is reached through the login form.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { packageRoot } from '../src/paths.js';
import { measureClaims } from '../src/alerts/index.js';
import { loadWatches } from '../src/claims/index.js';
import { consensusAsOf } from '../src/consensus/consensus.js';
import { watchSettings } from '../src/consensus/settings.js';
import { alerts, articles, claims, feeds } from '../src/store/schema.js';
import { fmtRounded } from '../src/web/html.js';
import { WATCH, webFixture, XSS, type WebFixture } from './web-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const TOKEN = 'browser-test-token-5d1f';
// The README's screenshots are tracked files: the test writes them only when
// asked (REFRESH_DOCS=1 npx vitest run test/browser.test.ts), else to a temporary folder.
const DOCS = process.env.REFRESH_DOCS === '1' ? join(packageRoot, 'docs') : mkdtempSync(join(tmpdir(), 'cw-screens-'));

if (!haveChromium) {
  test.skip(`browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium)`, () => {});
}

describe.skipIf(!haveChromium)('the dashboard in Chromium', () => {
  let fx: WebFixture;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  const dialogs: string[] = [];
  /** How to answer the next confirmation our own script asks for. */
  let confirmWith: 'accept' | 'dismiss' | null = null;
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    fx = await webFixture('embedded', { token: TOKEN, listen: true });
    base = fx.url!;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    page = await context.newPage();
    page.on('dialog', (d) => {
      if (d.type() === 'confirm' && confirmWith) {
        void (confirmWith === 'accept' ? d.accept() : d.dismiss());
        confirmWith = null;
        return;
      }
      dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      // Our pages must need no inline script or style; Bull Board's are its own.
      if (/Content Security Policy/i.test(m.text()) && !page.url().includes('/queues')) cspViolations.push(`${page.url()}: ${m.text()}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await fx?.close();
  });

  test('a page asks for the token, refuses a wrong one and lets the right one in', async () => {
    await page.goto(`${base}/feeds`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('input[name="token"]', 'not-the-token');
    await page.click('button[type="submit"]');
    await expect(page.locator('.flash-error').textContent()).resolves.toContain('not the token');
    await page.fill('input[name="token"]', TOKEN);
    await page.click('button[type="submit"]');
    await page.waitForURL(`${base}/feeds`);
    expect(await page.locator('h1').textContent()).toBe('Feeds');
    const cookie = (await context.cookies()).find((c) => c.name === 'cw_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Strict');
    expect(cookie?.value).not.toContain(TOKEN);
  });

  test('the overview shows the counts, the latest alert, the queues and the broken feed', async () => {
    const res = await page.goto(`${base}/`);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(await page.locator('.card-total .card-value').textContent()).toBe('7');
    expect(await page.locator('.card-total .card-sub').textContent()).toContain('6 new · 1 duplicates');
    expect(await page.locator('.card-claims .card-value').textContent()).toBe('18');
    const alert = page.locator('.latest-alerts .alert-item');
    expect(await alert.count()).toBe(1);
    expect(await alert.textContent()).toContain('25,000–30,000 persons');
    expect(await page.locator('.queue-table tbody tr').count()).toBe(5);
    const broken = page.locator('.feeds-in-error tbody tr');
    expect(await broken.count()).toBe(1);
    expect(await broken.locator('td').first().textContent()).toContain(XSS);
    mkdirSync(DOCS, { recursive: true });
    await page.screenshot({ path: join(DOCS, 'overview.png'), fullPage: true });
  });

  test('an article shows its text with every claim\'s evidence highlighted beside the claim', async () => {
    await page.goto(`${base}/articles/${fx.ids.seeds['000']}`);
    const cards = page.locator('.claim-card');
    expect(await cards.count()).toBe(6);
    const ids = await cards.evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.claimId)));
    for (const id of ids) {
      const mark = page.locator(`mark.evidence[id="evidence-${id}"]`);
      expect(await mark.count()).toBe(1);
    }
    // The first claim's highlight is exactly its evidence sentence.
    const first = page.locator('mark.evidence', { hasText: 'sending 10,000 troops' });
    expect(await first.textContent()).toBe('North Korea has assisted Russia by sending 10,000 troops to the Ukrainian front.');
    const card = page.locator(`#claim-${ids[0]}`);
    expect(await card.locator('.figure-text').textContent()).toBe('10,000 persons');
    expect(await card.textContent()).toContain('NHK');
    await first.locator('a').click();
    expect(new URL(page.url()).hash).toBe(`#claim-${ids[0]}`);

    // The original lists its copy on another site, and the copy points back.
    await page.goto(`${base}/articles/${fx.ids.seeds['003']}`);
    expect(await page.locator(`.copies tr[data-article-id="${fx.ids.copyOf003}"]`).textContent()).toContain('copycat.example');
    await page.goto(`${base}/articles/${fx.ids.seeds['004']}`);
    expect(await page.locator('.article-alerts .alert-item').count()).toBe(1);
    expect(await page.locator(`.claim-card[data-claim-id="${fx.ids.departureClaim}"] .badge-alert`).count()).toBe(1);
  });

  test('the troops chart draws every figure, the consensus as it moved, and the departure above it', async () => {
    await page.goto(`${base}/measures/dprk-troops-russia/troops`);
    const svg = page.locator('svg.measure-chart');
    expect(await svg.count()).toBe(1);
    // 12 troops figures in the seeds: 10 point figures and 2 ranges (25,000–30,000 and 2,000–9,000).
    expect(await svg.getAttribute('data-figures')).toBe('12');
    expect(await svg.locator('.figure.point').count()).toBe(10);
    const ranges = svg.locator('.figure.range');
    expect(await ranges.count()).toBe(2);
    expect((await ranges.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-low')}-${e.getAttribute('data-high')}`))).sort())
      .toEqual(['2000-9000', '25000-30000']);
    // Marked by source: one colour per originator, listed in the legend.
    const fills = await svg.locator('.figure').evaluateAll((els) => new Set(els.map((e) => e.getAttribute('fill'))).size);
    expect(fills).toBeGreaterThanOrEqual(5);
    expect(await page.locator('.legend-source').count()).toBe(fills);

    const band = svg.locator('path.consensus-band');
    expect(await band.getAttribute('data-steps')).toBe('4');
    expect((await band.getAttribute('d'))!.length).toBeGreaterThan(20);
    expect((await svg.locator('path.consensus-centre').getAttribute('d'))!.length).toBeGreaterThan(20);
    const steps = await svg.locator('.consensus-point').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-centre'))));
    expect(steps).toEqual([12000, 12000, 11000, 11000]);

    const departure = svg.locator('.departure');
    expect(await departure.count()).toBe(1);
    expect(Number(await departure.getAttribute('data-claim-id'))).toBe(fx.ids.departureClaim);
    expect(Number(await departure.getAttribute('data-alert-id'))).toBe(fx.ids.alert);
    expect(await svg.locator('.departure-label').textContent()).toContain('+25,000–30,000 departs');
    // It is additional: what departs is the total it makes with the 11,000 already there.
    const implied = svg.locator('.implied-total');
    expect([await implied.getAttribute('data-low'), await implied.getAttribute('data-high')]).toEqual(['36000', '41000']);
    // At a glance: the departing bar is drawn wholly above the consensus band.
    const bar = await svg.locator(`.figure[data-claim-id="${fx.ids.departureClaim}"]`).boundingBox();
    const bandBox = await band.boundingBox();
    expect(bar!.y + bar!.height).toBeLessThan(bandBox!.y);
    // And the 10,000–12,000 figures sit inside it.
    const tenK = await svg.locator('.figure.point[data-low="11000"][data-status="present"]').first().boundingBox();
    expect(tenK!.y + tenK!.height / 2).toBeGreaterThanOrEqual(bandBox!.y);
    expect(tenK!.y + tenK!.height / 2).toBeLessThanOrEqual(bandBox!.y + bandBox!.height);

    const rows = page.locator('table.figures tbody tr');
    expect(await rows.count()).toBe(12);
    expect(await page.locator('table.figures tr.departs').count()).toBe(1);
    await page.screenshot({ path: join(DOCS, 'troops.png'), fullPage: true });
  });

  test('an alert shows its explanation, evidence, sources and deliveries, and a failed delivery can be sent again', async () => {
    await page.goto(`${base}/alerts/${fx.ids.alert}`);
    const alert = page.locator('article.alert');
    expect(await alert.locator('.explanation').textContent()).toContain('3.5 times the consensus of 11,000');
    expect(await alert.locator('.evidence-quote').textContent()).toContain('25,000 to 30,000');
    expect(await alert.locator('.alert-facts').textContent()).toContain('Ukrainian defence intelligence (HUR) → CNN');
    expect(await alert.locator('.deliveries tbody tr').count()).toBe(2);
    expect(await alert.locator('.deliveries').textContent()).not.toContain('whsec_');
    const failedRow = alert.locator(`tr[data-delivery-id="${fx.ids.failedDelivery}"]`);
    expect(await failedRow.getAttribute('data-status')).toBe('failed');
    expect(await alert.locator(`tr[data-delivery-id="${fx.ids.deliveredDelivery}"] button`).count()).toBe(0);
    await failedRow.locator('button', { hasText: 'Send again' }).click();
    await page.waitForURL(/\/alerts\/\d+\?done=resent/);
    expect(await page.locator('.flash-ok').textContent()).toContain('queued to be sent again');
    expect(await page.locator(`tr[data-delivery-id="${fx.ids.failedDelivery}"]`).getAttribute('data-status')).toBe('pending');
    expect(fx.actions.resent).toEqual([fx.ids.failedDelivery]);
  });

  test('an operator confirms a held alert, then dismisses it, and its claim visibly leaves the consensus', async () => {
    const db = fx.ctx.db;
    // A figure the extractor was not sure of: 40,000 troops from NATO, held for review.
    const publishedAt = new Date('2024-11-10T12:00:00Z');
    const [article] = await db.insert(articles).values({
      url: 'https://alliance.example/briefing', outlet: 'alliance.example', status: 'new', title: 'Alliance briefing', lang: 'en',
      publishedAt, text: 'NATO said 40,000 North Korean soldiers are in Russia.', tagging: 'tagged',
    }).returning();
    const [claim] = await db.insert(claims).values({
      articleId: article.id, watch: WATCH, measure: 'troops', low: 40_000, high: 40_000, unit: 'persons', qualifier: 'exact',
      status: 'present', scope: 'total', source: ['NATO'], sourceKey: 'nato', evidenceSentence: article.text!, evidenceStart: 0,
      evidenceEnd: article.text!.length, confidence: 0.5, reportedAt: publishedAt,
    }).returning();
    const [held] = await db.insert(alerts).values({
      watch: WATCH, measure: 'troops', claimId: claim.id, articleId: article.id, key: 'troops:present:40000', low: 40_000, high: 40_000,
      unit: 'persons', qualifier: 'exact', status: 'present', scope: 'total', source: ['NATO'], sourceKey: 'nato', centre: 11_000,
      bandLow: 10_000, bandHigh: 12_000, support: 4, supportSources: ['hur', 'nhk', 'nis', 'us-dod'], ratio: 3.6, direction: 'above',
      explanation: 'New troops figure departs from the consensus: 40,000 persons, according to NATO.', evidence: article.text!,
      articleUrl: article.url, articleTitle: article.title, state: 'held', asOf: publishedAt,
      heldReason: "the extractor's confidence 0.50 is below the alert threshold 0.70",
    }).returning();
    const settings = watchSettings(loadWatches())(WATCH, 'troops');
    const withIt = consensusAsOf(await measureClaims(db, WATCH, 'troops'), new Date(), settings)!;

    // The overview says one departure waits for review, and leads to it.
    await page.goto(`${base}/`);
    expect(await page.locator('.card-held .card-value').textContent()).toBe('1');
    await page.click('.card-held .card-value a');
    await page.waitForURL(`${base}/alerts?state=held`);
    const listed = page.locator(`article.alert[data-alert-id="${held.id}"]`);
    expect(await listed.getAttribute('data-state')).toBe('held');
    expect(await listed.locator('.held-reason').textContent()).toContain('below the alert threshold 0.70');
    expect(await page.locator('article.alert').count()).toBe(1);

    await listed.locator('h2 a').click();
    await page.waitForURL(`${base}/alerts/${held.id}`);
    expect(await page.locator('.deliveries tbody tr').count()).toBe(0);
    await page.fill('form.confirm-form input[name="by"]', 'Ana Operator');
    await page.click('form.confirm-form button[type="submit"]');
    await page.waitForURL(`${base}/alerts/${held.id}?done=confirmed`);
    expect(await page.locator('.flash-ok').textContent()).toContain('Alert confirmed');
    expect(await page.locator('article.alert').getAttribute('data-state')).toBe('confirmed');
    expect(await page.locator('.review-history li[data-action="confirm"]').textContent()).toContain('Ana Operator');
    // Posted now: one delivery per webhook, through the same queue as any alert.
    expect(await page.locator('.deliveries tbody tr').count()).toBe(2);
    expect(await page.locator('.deliveries').textContent()).toContain('alert.created');
    const [confirmed] = await db.select().from(alerts).where(eq(alerts.id, held.id));
    expect(confirmed.postedAt).not.toBeNull();

    // Dismissing asks first, then marks the claim wrong.
    await page.fill('form.dismiss-form input[name="by"]', 'Ben Reviewer');
    await page.fill('form.dismiss-form input[name="note"]', 'NATO said 4,000, misread');
    confirmWith = 'accept';
    await page.click('form.dismiss-form button[type="submit"]');
    await page.waitForURL(`${base}/alerts/${held.id}?done=dismissed`);
    expect(await page.locator('article.alert').getAttribute('data-state')).toBe('dismissed');
    const dismissal = await page.locator('.review-history li[data-action="dismiss"]').textContent();
    expect(dismissal).toContain('Ben Reviewer');
    expect(dismissal).toContain('NATO said 4,000, misread');
    expect(await page.locator('form.confirm-form, form.dismiss-form').count()).toBe(0);

    await page.goto(`${base}/measures/${WATCH}/troops`);
    expect(await page.locator(`tr[data-claim-id="${claim.id}"]`).getAttribute('class')).toBe('dismissed');
    expect(await page.locator(`circle.figure.dismissed[data-claim-id="${claim.id}"]`).count()).toBe(1);
    const without = consensusAsOf(await measureClaims(db, WATCH, 'troops'), new Date(), settings)!;
    expect(without.centre).not.toBeCloseTo(withIt.centre, 3);
    // The card writes the centre as a person does ("about 11,000"), from the consensus without the dismissed claim.
    expect(await page.locator('.card-consensus .card-value').textContent()).toBe(`about ${fmtRounded(without.centre)}`);
  });

  test('an operator adds, pauses and removes a feed', async () => {
    await page.goto(`${base}/feeds`);
    await page.fill('form.add-feed input[name="url"]', 'https://news.example.org/world/rss.xml');
    await page.fill('form.add-feed input[name="intervalSeconds"]', '900');
    await page.click('form.add-feed button[type="submit"]');
    await page.waitForURL(`${base}/feeds?done=added`);
    expect(await page.locator('.flash-ok').textContent()).toContain('Feed added');
    const [feed] = await fx.ctx.db.select().from(feeds).where(eq(feeds.url, 'https://news.example.org/world/rss.xml'));
    expect(feed.intervalSeconds).toBe(900);
    const row = page.locator(`tr[data-feed-id="${feed.id}"]`);
    expect(await row.textContent()).toContain('15 min');

    await row.locator('button', { hasText: 'Pause' }).click();
    await page.waitForURL(`${base}/feeds?done=paused`);
    expect(await page.locator(`tr[data-feed-id="${feed.id}"]`).getAttribute('data-status')).toBe('paused');

    // Removing asks first (a script of our own, allowed by the CSP): refuse, then accept.
    confirmWith = 'dismiss';
    await page.locator(`tr[data-feed-id="${feed.id}"] button`, { hasText: 'Remove' }).click();
    await page.waitForTimeout(300);
    expect(confirmWith).toBeNull();
    expect(await fx.ctx.db.select().from(feeds).where(eq(feeds.id, feed.id))).toHaveLength(1);
    confirmWith = 'accept';
    await page.locator(`tr[data-feed-id="${feed.id}"] button`, { hasText: 'Remove' }).click();
    await page.waitForURL(`${base}/feeds?done=removed`);
    expect(await fx.ctx.db.select().from(feeds).where(eq(feeds.id, feed.id))).toHaveLength(0);
    // A bad URL comes back as a message, with what was typed kept.
    await page.fill('form.add-feed input[name="url"]', 'ftp://example.org/feed');
    await page.click('form.add-feed button[type="submit"]');
    expect(await page.locator('.flash-error').textContent()).toContain('only http and https');
    expect(await page.inputValue('form.add-feed input[name="url"]')).toBe('ftp://example.org/feed');
  });

  test('markup in a feed\'s title or an article shows as text and runs nothing', async () => {
    await page.goto(`${base}/articles/${fx.ids.xssArticle}`);
    expect(await page.locator('h1.article-title').textContent()).toBe(XSS);
    expect(await page.locator('.article-text').textContent()).toContain('<script>alert(2)</script>');
    expect(await page.locator('.meta').first().textContent()).toContain(XSS);
    for (const path of ['/', '/articles', '/feeds', `/articles?feed=${fx.ids.xssFeed}`]) {
      await page.goto(`${base}${path}`);
      expect(await page.locator('main').textContent()).toContain(XSS);
      expect(await page.locator('img[src="x"], b[onmouseover]').count()).toBe(0);
    }
    await page.goto(`${base}/articles?q=${encodeURIComponent('<script>alert(4)</script>')}`);
    expect(await page.inputValue('input[name="q"]')).toBe('<script>alert(4)</script>');
    await page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  test('the queue board is served under /queues by the service itself', async () => {
    const outside: string[] = [];
    page.on('request', (r) => { if (!r.url().startsWith(base)) outside.push(r.url()); });
    await page.goto(`${base}/queues`);
    await page.getByText('analyze', { exact: false }).first().waitFor({ timeout: 15_000 });
    for (const q of ['poll', 'fetch', 'process', 'deliver']) {
      expect(await page.getByText(q, { exact: true }).count()).toBeGreaterThan(0);
    }
    // Its web font is on another host: the CSP keeps the browser from asking for it.
    expect(outside).toEqual([]);
  });

  test('no page of ours needed inline script or style', () => {
    expect(cspViolations).toEqual([]);
  });
});
