// The dashboard's pages: functions from the queries' results to HTML. Every
// string from a feed, a page or a webhook goes through `html`, so it is text.
import { renderMeasureChart, type ChartConsensus, type ChartFigure } from './chart.js';
import {
  extLink, fmtDate, fmtFigure, fmtNumber, fmtRounded, fmtRoundedRange, fmtTime, html, timeTag, trusted, type Html, type Part,
} from './html.js';
import {
  FEED_STATUSES, type AlertDetail, type ArticleDetail, type ArticleFilter, type ArticleListItem, type DeliveryRow, type FailedJob,
  type FeedFilter, type FeedList, type MeasureData, type Overview, type Page, type QueueCounts,
} from './queries.js';
import type { alerts as alertsTable, claims as claimsTable } from '../store/schema.js';

type Alert = typeof alertsTable.$inferSelect;
type Claim = typeof claimsTable.$inferSelect;

export interface WebWatch {
  id: string;
  name?: string;
  measures: { key: string; unit: string }[];
}

export interface PageContext {
  /** The CSRF token for this page's forms. */
  csrf: string;
  /** Whether the reader signed in with the login form (then a sign-out button shows). */
  signedIn: boolean;
  watches: WebWatch[];
  path: string;
}

const NAV: [string, string][] = [
  ['/', 'Overview'], ['/articles', 'Articles'], ['/measures', 'Measures'], ['/alerts', 'Alerts'], ['/feeds', 'Feeds'], ['/queues', 'Queues'],
];

export function layout(pc: PageContext, title: string, body: Html): Html {
  const current = (href: string) => (href === '/' ? pc.path === '/' : pc.path === href || pc.path.startsWith(`${href}/`));
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · claimwatch</title>
<link rel="stylesheet" href="/static/style.css">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<script src="/static/app.js" defer></script>
</head>
<body>
<header class="top">
  <a class="brand" href="/">claimwatch</a>
  <nav>${NAV.map(([href, label]) => html`<a href="${href}"${current(href) ? trusted(' aria-current="page"') : ''}>${label}</a>`)}</nav>
  ${pc.signedIn ? html`<form method="post" action="/logout" class="signout"><input type="hidden" name="_csrf" value="${pc.csrf}"><button type="submit" class="link">Sign out</button></form>` : ''}
</header>
<main>
${body}
</main>
</body>
</html>`;
}

function csrfField(pc: PageContext): Html {
  return html`<input type="hidden" name="_csrf" value="${pc.csrf}">`;
}

function badge(text: string, kind = text): Html {
  return html`<span class="badge badge-${kind}">${text}</span>`;
}

function card(label: string, value: Part, sub?: Part, cls = ''): Html {
  return html`<div class="card ${cls}"><div class="card-label">${label}</div><div class="card-value">${value}</div>${sub ? html`<div class="card-sub">${sub}</div>` : ''}</div>`;
}

function measureHref(watch: string, measure: string): string {
  return `/measures/${encodeURIComponent(watch)}/${encodeURIComponent(measure)}`;
}

function sourceChain(source: string[] | null | undefined): string {
  return source && source.length ? source.join(' → ') : 'unknown source';
}

const DONE: Record<string, string> = {
  added: 'Feed added: its first poll is queued.',
  exists: 'That feed is already polled.',
  paused: 'Feed paused.',
  resumed: 'Feed resumed: its next poll is queued.',
  removed: 'Feed removed.',
  resent: 'Delivery queued to be sent again.',
  confirmed: 'Alert confirmed: a held alert is posted to the webhooks now.',
  dismissed: 'Alert dismissed: its claim is marked wrong, the consensus was computed again without it, and the webhooks it was posted to are sent its retraction.',
};

const STATE_WORDS: Record<string, string> = {
  raised: 'raised (posted)', held: 'held for review (not posted)', history: 'history (old news, not posted)', confirmed: 'confirmed', dismissed: 'dismissed',
};

function flash(done: string | undefined, error: string | undefined): Html {
  return html`${done && DONE[done] ? html`<p class="flash flash-ok" role="status">${DONE[done]}</p>` : ''}${error ? html`<p class="flash flash-error" role="alert">${error}</p>` : ''}`;
}

// ─── overview ───────────────────────────────────────────────────────────────

export function overviewPage(pc: PageContext, o: Overview, queues: QueueCounts[] | null): Html {
  const a = o.articles;
  const body = html`
<h1>Overview</h1>
<section class="cards">
  ${card('Articles today', fmtNumber(a.today), html`${fmtNumber(a.newToday)} new · ${fmtNumber(a.duplicateToday)} duplicates`, 'card-today')}
  ${card('Articles in total', fmtNumber(a.total), html`${fmtNumber(a.byStatus.new)} new · ${fmtNumber(a.byStatus.duplicate)} duplicates · ${fmtNumber(a.byStatus.unreadable + a.byStatus.failed)} unreadable or failed`, 'card-total')}
  ${card('Claims', fmtNumber(o.claims.total), `${o.claims.byMeasure.length} measures`, 'card-claims')}
  ${card('Open alerts', fmtNumber(o.alerts.open), `${fmtNumber(o.alerts.total)} in total; open = posted or corroborated in the last 7 days`, o.alerts.open ? 'card-alert' : '')}
  ${card('Held for review', html`<a href="/alerts?state=held">${fmtNumber(o.alerts.held)}</a>`, 'departures waiting for an operator to confirm or dismiss', o.alerts.held ? 'card-warn card-held' : 'card-held')}
  ${card('Feeds', fmtNumber(o.feeds.total), `${o.feeds.broken} broken · ${o.feeds.paused} paused`, o.feeds.broken ? 'card-warn' : '')}
  ${card('Deliveries', `${fmtNumber(o.deliveries.failed)} failed`, `${fmtNumber(o.deliveries.pending)} pending`, o.deliveries.failed ? 'card-warn' : '')}
</section>

<div class="columns">
<section class="latest-alerts">
  <h2>Latest alerts</h2>
  ${o.alerts.latest.length === 0 ? html`<p class="empty">No alerts yet.</p>` : html`<ul class="alert-list">
    ${o.alerts.latest.map((al) => html`<li class="alert-item" data-alert-id="${al.id}">
      <a href="/alerts/${al.id}"><strong>${fmtFigure(al.low, al.high, al.unit)}</strong> ${al.measure}</a>
      <span class="muted">×${al.ratio.toFixed(1)} ${al.direction} · ${al.state} · ${sourceChain(al.source)} · ${fmtTime(al.createdAt)}</span>
    </li>`)}
  </ul>`}
  <p><a href="/alerts">All alerts →</a></p>
</section>

<section class="claims-by-measure">
  <h2>Claims by measure</h2>
  ${o.claims.byMeasure.length === 0 ? html`<p class="empty">No claims yet.</p>` : html`<table class="compact">
    <thead><tr><th>Watch</th><th>Measure</th><th class="num">Claims</th></tr></thead>
    <tbody>${o.claims.byMeasure.map((m) => html`<tr><td>${m.watch}</td><td><a href="${measureHref(m.watch, m.measure)}">${m.measure}</a></td><td class="num">${fmtNumber(m.count)}</td></tr>`)}</tbody>
  </table>`}
</section>
</div>

<section class="queues-summary">
  <h2>Queues</h2>
  ${queues === null ? html`<p class="flash flash-error">Redis does not answer: queue depths are unknown.</p>` : queueTable(queues)}
  <p><a href="/queues">Jobs, failures and retries in the queue board →</a></p>
</section>

<section class="feeds-in-error">
  <h2>Feeds in error</h2>
  ${o.feeds.inError.length === 0 ? html`<p class="empty">Every feed polls cleanly.</p>` : html`<table>
    <thead><tr><th>Feed</th><th>Status</th><th>Last error</th><th>When</th></tr></thead>
    <tbody>${o.feeds.inError.map((f) => html`<tr data-feed-id="${f.id}"><td>${f.title ?? f.url}<div class="muted small">${f.url}</div></td><td>${badge(f.status)}</td><td class="error-text">${f.lastError ?? ''}</td><td>${timeTag(f.lastErrorAt)}</td></tr>`)}</tbody>
  </table>`}
</section>`;
  return layout(pc, 'Overview', body);
}

function queueTable(queues: QueueCounts[]): Html {
  return html`<table class="compact queue-table">
    <thead><tr><th>Queue</th><th class="num">Waiting</th><th class="num">Active</th><th class="num">Delayed</th><th class="num">Failed</th><th class="num">Completed</th></tr></thead>
    <tbody>${queues.map((q) => html`<tr data-queue="${q.queue}"><td><a href="/queues/queue/${q.queue}">${q.queue}</a></td><td class="num">${fmtNumber(q.waiting + q.prioritized)}</td><td class="num">${fmtNumber(q.active)}</td><td class="num">${fmtNumber(q.delayed)}</td><td class="num ${q.failed ? 'bad' : ''}">${fmtNumber(q.failed)}</td><td class="num">${fmtNumber(q.completed)}</td></tr>`)}</tbody>
  </table>`;
}

// ─── articles ───────────────────────────────────────────────────────────────

export interface ArticleChoices { feeds: { id: number; title: string | null; url: string }[]; langs: string[] }

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function articlesPage(pc: PageContext, page: Page<ArticleListItem>, f: ArticleFilter, choices: ArticleChoices): Html {
  const keep = { feed: f.feed, lang: f.lang, status: f.status, claims: f.claims, q: f.q, limit: f.limit === 50 ? undefined : f.limit };
  const opt = (value: string, label: string, selected: boolean) => html`<option value="${value}"${selected ? trusted(' selected') : ''}>${label}</option>`;
  const body = html`
<h1>Articles</h1>
<form class="filters" method="get" action="/articles" role="search">
  <label>Search <input type="search" name="q" value="${f.q ?? ''}" placeholder="words in the title or text"></label>
  <label>Feed <select name="feed">${opt('', 'any', f.feed === undefined)}${choices.feeds.map((fd) => opt(String(fd.id), fd.title ?? fd.url, f.feed === fd.id))}</select></label>
  <label>Language <select name="lang">${opt('', 'any', !f.lang)}${choices.langs.map((l) => opt(l, l, f.lang === l))}</select></label>
  <label>Copy <select name="status">${opt('', 'any', !f.status)}${opt('new', 'new (original)', f.status === 'new')}${opt('duplicate', 'duplicate', f.status === 'duplicate')}${opt('unreadable', 'unreadable', f.status === 'unreadable')}${opt('failed', 'failed', f.status === 'failed')}</select></label>
  <label>Claims <select name="claims">${opt('', 'any', !f.claims)}${opt('yes', 'has claims', f.claims === 'yes')}${opt('no', 'no claims', f.claims === 'no')}</select></label>
  <button type="submit">Filter</button>
  <a class="reset" href="/articles">Reset</a>
</form>
${page.items.length === 0 ? html`<p class="empty">No articles match.</p>` : html`<table class="articles">
  <thead><tr><th>Title</th><th>Outlet</th><th>Feed</th><th>Lang</th><th>Status</th><th class="num">Claims</th><th>Published</th><th>Stored</th></tr></thead>
  <tbody>${page.items.map((a) => html`<tr data-article-id="${a.id}">
    <td class="title"><a href="/articles/${a.id}">${a.title || '(untitled)'}</a></td>
    <td>${a.outlet ?? a.siteName ?? ''}</td>
    <td>${a.feedTitle ?? (a.feedId ? `feed ${a.feedId}` : '')}</td>
    <td>${a.lang ?? ''}</td>
    <td>${badge(a.status)}${a.status === 'duplicate' && a.duplicateOf ? html` <a class="small" href="/articles/${a.duplicateOf}">of #${a.duplicateOf}</a>` : ''}</td>
    <td class="num">${a.claimCount || ''}</td>
    <td>${fmtDate(a.publishedAt)}</td>
    <td>${timeTag(a.createdAt)}</td>
  </tr>`)}</tbody>
</table>`}
<nav class="pager">
  ${page.newer ? html`<a rel="prev" href="/articles${query({ ...keep, after: page.newer })}">← Newer</a>` : ''}
  ${f.before || f.after ? html`<a href="/articles${query(keep)}">Newest</a>` : ''}
  ${page.older ? html`<a rel="next" href="/articles${query({ ...keep, before: page.older })}">Older →</a>` : ''}
</nav>`;
  return layout(pc, 'Articles', body);
}

interface Span { start: number; end: number; ids: number[] }

/**
 * The article's text with every claim's evidence marked. Offsets are into the
 * stored text; when they do not point at the evidence sentence (a text stored
 * again after a fix), the sentence is looked up instead.
 */
export function highlightEvidence(text: string, claims: Pick<Claim, 'id' | 'evidenceStart' | 'evidenceEnd' | 'evidenceSentence'>[]): { html: Html; unplaced: number[] } {
  const ranges: { id: number; start: number; end: number }[] = [];
  const unplaced: number[] = [];
  for (const c of claims) {
    let { evidenceStart: start, evidenceEnd: end } = c;
    if (!(start >= 0 && end <= text.length && start < end && text.slice(start, end) === c.evidenceSentence)) {
      const at = c.evidenceSentence ? text.indexOf(c.evidenceSentence) : -1;
      if (at < 0) {
        unplaced.push(c.id);
        continue;
      }
      start = at;
      end = at + c.evidenceSentence.length;
    }
    ranges.push({ id: c.id, start, end });
  }
  const bounds = [...new Set([0, text.length, ...ranges.flatMap((r) => [r.start, r.end])])].sort((a, b) => a - b);
  const spans: Span[] = [];
  for (let i = 0; i < bounds.length - 1; i++) {
    const start = bounds[i];
    const end = bounds[i + 1];
    if (start === end) continue;
    spans.push({ start, end, ids: ranges.filter((r) => r.start <= start && r.end >= end).map((r) => r.id) });
  }
  const opened = new Set<number>();
  const parts = spans.map((s) => {
    const chunk = text.slice(s.start, s.end);
    if (s.ids.length === 0) return html`${chunk}`;
    const first = s.ids.filter((id) => !opened.has(id));
    first.forEach((id) => opened.add(id));
    const anchor = first.length ? html` id="evidence-${first[0]}"` : '';
    return html`<mark class="evidence"${anchor} data-claim-ids="${s.ids.join(' ')}"><a href="#claim-${s.ids[0]}">${chunk}</a></mark>`;
  });
  return { html: html`${parts}`, unplaced };
}

function claimCard(c: Claim, unplaced: boolean, alertFor: Map<number, number>, title: string | null): Html {
  const alertId = alertFor.get(c.id);
  return html`<article class="claim-card" id="claim-${c.id}" data-claim-id="${c.id}" data-measure="${c.measure}" data-low="${c.low}" data-high="${c.high}">
  <header><strong class="figure-text">${fmtFigure(c.low, c.high, c.unit, c.per)}</strong> <a href="${measureHref(c.watch, c.measure)}">${c.measure}</a>
  ${alertId ? html` <a class="badge badge-alert" href="/alerts/${alertId}">departs · alert #${alertId}</a>` : ''}</header>
  <dl>
    <dt>Qualifier</dt><dd>${c.qualifier}</dd>
    <dt>Status</dt><dd>${c.status}</dd>
    <dt>Scope</dt><dd>${c.scope}</dd>
    <dt>Source</dt><dd>${sourceChain(c.source)}</dd>
    ${c.location ? html`<dt>Location</dt><dd>${c.location}</dd>` : ''}
    ${c.asOf ? html`<dt>As of</dt><dd>${c.asOf}</dd>` : ''}
    <dt>Confidence</dt><dd>${c.confidence.toFixed(2)}</dd>
  </dl>
  ${unplaced && title && c.evidenceSentence && title.includes(c.evidenceSentence)
    ? html`<p class="small">In the headline: “${c.evidenceSentence}”</p>`
    : unplaced
    ? html`<p class="small warn">The evidence is not in the stored text: “${c.evidenceSentence}”</p>`
    : html`<p class="small"><a href="#evidence-${c.id}">↑ Evidence in the text</a></p>`}
</article>`;
}

export function articlePage(pc: PageContext, d: ArticleDetail): Html {
  const a = d.article;
  const text = a.text ?? '';
  const { html: marked, unplaced } = highlightEvidence(text, d.claims);
  const alertFor = new Map<number, number>();
  for (const al of d.alerts) {
    alertFor.set(al.claimId, al.id);
    for (const c of al.corroborations ?? []) alertFor.set(c.claimId, al.id);
  }
  const body = html`
<article class="article-page" data-article-id="${a.id}">
<h1 class="article-title">${a.title || '(untitled)'}</h1>
<p class="meta">
  ${badge(a.status)} ${a.status === 'duplicate' && a.duplicateOf ? html`copy of <a href="/articles/${a.duplicateOf}">#${a.duplicateOf}</a>${a.similarity !== null ? ` (similarity ${a.similarity.toFixed(2)})` : ''} · ` : ''}
  ${a.outlet ?? a.siteName ?? ''}${a.byline ? html` · ${a.byline}` : ''} · published ${fmtDate(a.publishedAt)} · stored ${fmtTime(a.createdAt)}
  ${a.lang ? html` · ${a.lang}` : ''}${d.feed ? html` · feed <a href="/articles?feed=${d.feed.id}">${d.feed.title ?? d.feed.url}</a>` : ''}
</p>
<p class="meta url">${extLink(a.url)}</p>
${a.error ? html`<p class="flash flash-error">${a.error}</p>` : ''}
<div class="article-columns">
  <div class="article-text" lang="${a.lang ?? ''}">${text ? marked : html`<p class="empty">No text stored.</p>`}</div>
  <aside class="article-claims">
    <h2>Claims (${d.claims.length})</h2>
    ${d.claims.length === 0 ? html`<p class="empty">${a.tagging === 'skipped' ? 'A copy: its claims are those of the original.' : 'No claims tagged.'}</p>` : d.claims.map((c) => claimCard(c, unplaced.includes(c.id), alertFor, a.title))}
  </aside>
</div>
<section class="copies">
  <h2>Where else the story ran (${d.copies.length})</h2>
  ${d.copies.length === 0 ? html`<p class="empty">No copies stored.</p>` : html`<table class="compact">
    <thead><tr><th>Article</th><th>Outlet</th><th>Status</th><th class="num">Similarity</th><th>Published</th></tr></thead>
    <tbody>${d.copies.map((c) => html`<tr data-article-id="${c.id}"><td><a href="/articles/${c.id}">${c.title || '(untitled)'}</a> <span class="small">${extLink(c.url, 'source')}</span></td><td>${c.outlet ?? c.siteName ?? ''}</td><td>${badge(c.id === d.originalId ? 'original' : c.status, c.id === d.originalId ? 'new' : c.status)}</td><td class="num">${c.similarity === null ? '' : c.similarity.toFixed(2)}</td><td>${fmtDate(c.publishedAt)}</td></tr>`)}</tbody>
  </table>`}
</section>
<section class="article-alerts">
  <h2>Alerts (${d.alerts.length})</h2>
  ${d.alerts.length === 0 ? html`<p class="empty">No alert raised or corroborated by this article.</p>` : html`<ul class="alert-list">${d.alerts.map((al) => html`<li class="alert-item" data-alert-id="${al.id}"><a href="/alerts/${al.id}"><strong>${fmtFigure(al.low, al.high, al.unit)}</strong> ${al.measure}</a> <span class="muted">${al.articleId === a.id ? 'raised here' : 'corroborated here'} · ${fmtTime(al.createdAt)}</span><p>${al.explanation}</p></li>`)}</ul>`}
</section>
</article>`;
  return layout(pc, a.title || `Article ${a.id}`, body);
}

// ─── measures ───────────────────────────────────────────────────────────────

export interface MeasureSummary { watch: string; measure: string; unit: string; claims: number; latest: { centre: number; bandLow: number; bandHigh: number; sources: number } | null }

export function measuresIndexPage(pc: PageContext, rows: MeasureSummary[]): Html {
  const byWatch = new Map<string, MeasureSummary[]>();
  for (const r of rows) byWatch.set(r.watch, [...(byWatch.get(r.watch) ?? []), r]);
  const name = (id: string) => pc.watches.find((w) => w.id === id)?.name ?? id;
  const body = html`
<h1>Measures</h1>
${rows.length === 0 ? html`<p class="empty">No watch is loaded and no claims are stored.</p>` : [...byWatch].map(([watch, ms]) => html`
<section class="watch" data-watch="${watch}">
  <h2>${name(watch)}</h2>
  <table class="compact">
    <thead><tr><th>Measure</th><th>Unit</th><th class="num">Figures</th><th>Consensus</th></tr></thead>
    <tbody>${ms.map((m) => html`<tr><td><a href="${measureHref(m.watch, m.measure)}">${m.measure}</a></td><td>${m.unit}</td><td class="num">${fmtNumber(m.claims)}</td>
      <td>${m.latest ? html`about ${fmtRounded(m.latest.centre)} <span class="muted">(${fmtRoundedRange(m.latest.bandLow, m.latest.bandHigh)}, ${m.latest.sources} sources)</span>` : html`<span class="muted">none yet</span>`}</td></tr>`)}</tbody>
  </table>
</section>`)}`;
  return layout(pc, 'Measures', body);
}

/** The figures and consensus of a measure in the chart's terms. */
export function chartData(d: MeasureData): { figures: ChartFigure[]; consensus: ChartConsensus[] } {
  const departures = new Map<number, NonNullable<ChartFigure['departure']>>();
  for (const al of d.alerts) {
    if (al.state === 'dismissed') continue;
    // An additional figure departs as the total it makes with what is there already.
    const implied = al.status === 'additional' ? { low: al.centre + al.low, high: al.centre + al.high } : null;
    // As src/consensus/history.ts decides it: out until confirmed, or reported too by another source the watch knows.
    const keptOut = ['raised', 'held', 'history'].includes(al.state) && al.scope === 'total' && (al.status === 'present' || al.status === 'planned') &&
      !(al.corroborations ?? []).some((c) => !c.source.startsWith('unnamed:') && c.source !== al.sourceKey);
    const departure = { alertId: al.id, ratio: al.ratio, direction: al.direction, implied, state: al.state, keptOut };
    departures.set(al.claimId, departure);
    for (const c of al.corroborations ?? []) departures.set(c.claimId, departure);
  }
  // Colour by the canonical originator, labelled with the name first seen for it.
  const labels = new Map<string, string>();
  const figures = d.claims.map((c) => {
    const key = c.sourceKey ?? c.source[0] ?? 'unknown';
    if (!labels.has(key)) labels.set(key, c.source[0] ?? key);
    return {
      id: c.id, low: c.low, high: c.high, unit: c.unit, per: c.per, qualifier: c.qualifier, status: c.status, scope: c.scope,
      source: labels.get(key)!, reportedAt: c.reportedAt, departure: c.dismissedAt ? null : departures.get(c.id) ?? null,
      dismissed: !!c.dismissedAt,
    };
  });
  const consensus = d.consensus.map((p) => ({
    id: p.id, at: p.claimReportedAt ?? p.at, centre: p.centre, bandLow: p.bandLow, bandHigh: p.bandHigh, figures: p.figures, sources: p.sources,
  }));
  return { figures, consensus };
}

export function measurePage(pc: PageContext, d: MeasureData, unit: string): Html {
  const { figures, consensus } = chartData(d);
  const latest = d.consensus[d.consensus.length - 1];
  const watchName = pc.watches.find((w) => w.id === d.watch)?.name ?? d.watch;
  const alertOf = new Map(figures.filter((f) => f.departure).map((f) => [f.id, f.departure!.alertId]));
  const body = html`
<p class="crumbs"><a href="/measures">Measures</a> · ${watchName}</p>
<h1>${d.measure} <span class="muted">(${unit})</span></h1>
<section class="cards">
  ${card('Consensus', latest ? `about ${fmtRounded(latest.centre)}` : '–', latest ? `band ${fmtRoundedRange(latest.bandLow, latest.bandHigh)}` : 'not enough figures yet', 'card-consensus')}
  ${card('Rests on', latest ? `${latest.sources} sources` : '–', latest ? `${latest.figures} figures · since ${fmtDate(latest.claimReportedAt ?? latest.at)}` : '')}
  ${card('Figures', fmtNumber(d.claims.length), `${new Set(figures.map((f) => f.source)).size} sources`)}
  ${card('Departures', fmtNumber(d.alerts.length), d.alerts.length ? html`<a href="/alerts?watch=${encodeURIComponent(d.watch)}&amp;measure=${encodeURIComponent(d.measure)}">see the alerts</a>` : 'none', d.alerts.length ? 'card-alert' : '')}
</section>
${renderMeasureChart({ figures, consensus, unit, title: `${d.measure} over time` })}
<section class="figures-table">
  <h2>Figures</h2>
  ${d.claims.length === 0 ? html`<p class="empty">No figures yet.</p>` : html`<table class="figures">
    <thead><tr><th>Reported</th><th>Figure</th><th>Qualifier</th><th>Status</th><th>Scope</th><th>Source</th><th>Location</th><th>As of</th><th>Article</th><th></th></tr></thead>
    <tbody>${[...d.claims].reverse().map((c) => html`<tr data-claim-id="${c.id}"${c.dismissedAt ? trusted(' class="dismissed"') : alertOf.has(c.id) ? trusted(' class="departs"') : ''}>
      <td>${fmtDate(c.reportedAt)}</td><td class="num">${fmtFigure(c.low, c.high, c.unit === unit ? '' : c.unit, c.per)}</td><td>${c.qualifier}</td><td>${c.status}</td><td>${c.scope}</td>
      <td>${sourceChain(c.source)}</td><td>${c.location ?? ''}</td><td>${c.asOf ?? ''}</td>
      <td><a href="/articles/${c.articleId}#claim-${c.id}">${c.articleTitle || `#${c.articleId}`}</a></td>
      <td>${c.dismissedAt ? html`<span class="badge badge-dismissed" title="dismissed by an operator ${fmtTime(c.dismissedAt)}: not in the consensus">dismissed</span> ` : ''}${alertOf.has(c.id) ? html`<a class="badge badge-alert" href="/alerts/${alertOf.get(c.id)}">departs</a>` : ''}</td>
    </tr>`)}</tbody>
  </table>`}
</section>`;
  return layout(pc, `${d.measure} · ${watchName}`, body);
}

// ─── alerts ─────────────────────────────────────────────────────────────────

function deliveriesTable(pc: PageContext, rows: DeliveryRow[]): Html {
  if (rows.length === 0) return html`<p class="empty small">No webhook deliveries.</p>`;
  return html`<table class="compact deliveries">
    <thead><tr><th>#</th><th>Webhook</th><th>Event</th><th>Status</th><th class="num">Attempts</th><th>Last answer</th><th></th></tr></thead>
    <tbody>${rows.map((d) => html`<tr data-delivery-id="${d.id}" data-status="${d.status}">
      <td>${d.id}</td><td>${d.webhookUrl} <span class="muted">(${d.webhookFormat})</span></td><td>${d.eventType}</td><td>${badge(d.status)}</td><td class="num">${d.attempts}</td>
      <td class="small">${d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : ''}${d.lastError ? html` <span class="error-text">${d.lastError}</span>` : ''}${d.deliveredAt ? html` delivered ${fmtTime(d.deliveredAt)}` : ''}</td>
      <td>${d.status === 'failed' ? html`<form method="post" action="/deliveries/${d.id}/resend">${csrfField(pc)}<button type="submit" class="small-button">Send again</button></form>` : ''}</td>
    </tr>`)}</tbody>
  </table>`;
}

type AlertAction = AlertDetail['actions'][number];

function reviewForms(pc: PageContext, al: Alert): Html {
  if (al.state === 'dismissed') return html``;
  const who = html`<label class="small">Your name <input type="text" name="by" maxlength="200" placeholder="optional" autocomplete="name"></label>`;
  const note = html`<label class="small">Note <input type="text" name="note" maxlength="2000" placeholder="optional"></label>`;
  return html`<div class="review" data-alert-id="${al.id}">
    ${al.state !== 'confirmed' ? html`<form method="post" action="/alerts/${al.id}/confirm" class="confirm-form">${csrfField(pc)}${who}${note}<button type="submit" class="small-button">${al.state === 'held' ? 'Confirm and post' : 'Confirm'}</button></form>` : ''}
    <form method="post" action="/alerts/${al.id}/dismiss" class="dismiss-form" data-confirm="Dismiss this alert? Its claim is marked wrong and leaves the consensus.">${csrfField(pc)}${who}${note}<button type="submit" class="small-button danger">Dismiss as wrong</button></form>
  </div>`;
}

function actionsList(actions: AlertAction[]): Html {
  if (actions.length === 0) return html`<p class="empty small">No operator has confirmed or dismissed it.</p>`;
  return html`<ul class="review-history">${actions.map((x) => html`<li data-action="${x.action}">${x.action === 'confirm' ? 'Confirmed' : 'Dismissed'} by <strong class="actor">${x.by}</strong> (${x.via}) ${timeTag(x.at)}${x.note ? html`: ${x.note}` : ''} <span class="muted small">(was ${x.fromState})</span></li>`)}</ul>`;
}

export function alertBlock(pc: PageContext, al: Alert, dels: DeliveryRow[], actions?: AlertAction[]): Html {
  return html`<article class="alert alert-${al.state}" id="alert-${al.id}" data-alert-id="${al.id}" data-claim-id="${al.claimId}" data-state="${al.state}">
  <header>
    <h2><a href="/alerts/${al.id}">${fmtFigure(al.low, al.high, al.unit)}</a> <span class="muted">${al.measure}</span> ${badge(`×${al.ratio.toFixed(1)} ${al.direction}`, 'alert')} ${badge(STATE_WORDS[al.state] ?? al.state, `state-${al.state}`)}</h2>
    <p class="muted small">${fmtTime(al.createdAt)} · ${al.watch} · <a href="${measureHref(al.watch, al.measure)}">chart</a>${al.asOf ? html` · against the consensus of ${fmtDate(al.asOf)}` : ''}${al.postedAt ? html` · posted ${fmtTime(al.postedAt)}` : ''}</p>
  </header>
  ${al.state === 'held' && al.heldReason ? html`<p class="flash flash-warn held-reason" role="note" data-reasons="${(al.reasonCodes ?? []).join(' ')}">Held for review: ${al.heldReason}.</p>` : ''}
  ${al.state === 'history' ? html`<p class="flash history-reason" role="note" data-reasons="${(al.reasonCodes ?? []).join(' ')}">History, ${al.heldReason ?? 'not posted: old news'}.</p>` : ''}
  <p class="explanation">${al.explanation}</p>
  <blockquote class="evidence-quote">${al.evidence}</blockquote>
  <dl class="alert-facts">
    <dt>Source</dt><dd>${sourceChain(al.source)}</dd>
    <dt>Article</dt><dd><a href="/articles/${al.articleId}">${al.articleTitle || `#${al.articleId}`}</a> <span class="small">${extLink(al.articleUrl, 'original')}</span></dd>
    <dt>Consensus</dt><dd>about ${fmtRounded(al.centre)} (band ${fmtRoundedRange(al.bandLow, al.bandHigh)}), from ${al.support} figures: ${al.supportSources.join(', ')}</dd>
    <dt>Figure</dt><dd>${al.qualifier} · ${al.status} · ${al.scope}</dd>
    ${al.state !== 'held' && al.state !== 'history' && al.heldReason ? html`<dt>${al.postedAt ? 'Was held' : 'Not posted'}</dt><dd>${al.heldReason}</dd>` : ''}
  </dl>
  ${reviewForms(pc, al)}
  ${actions ? html`<h3>Review</h3>${actionsList(actions)}` : ''}
  <h3>Corroborated by (${al.corroborations.length})</h3>
  ${al.corroborations.length === 0 ? html`<p class="empty small">No other source has reported this figure yet.</p>` : html`<ul class="corroborations">${al.corroborations.map((c) => html`<li data-article-id="${c.articleId}">${c.source} · <a href="/articles/${c.articleId}#claim-${c.claimId}">article #${c.articleId}</a> ${extLink(c.url, 'original')} · ${fmtTime(c.at)}</li>`)}</ul>`}
  <h3>Deliveries</h3>
  ${deliveriesTable(pc, dels)}
</article>`;
}

export function alertsPage(pc: PageContext, page: Page<Alert>, dels: DeliveryRow[], filter: { watch?: string; measure?: string; state?: string }, done?: string, error?: string): Html {
  const byAlert = new Map<number, DeliveryRow[]>();
  for (const d of dels) if (d.alertId) byAlert.set(d.alertId, [...(byAlert.get(d.alertId) ?? []), d]);
  const body = html`
<h1>Alerts${filter.measure ? html` <span class="muted">· ${filter.measure}</span>` : ''}${filter.state ? html` <span class="muted">· ${filter.state}</span>` : ''}</h1>
${flash(done, error)}
<nav class="state-filter">${[['', 'all'], ['held', 'held for review'], ['raised', 'raised'], ['history', 'history'], ['confirmed', 'confirmed'], ['dismissed', 'dismissed']].map(([v, label]) => html`<a href="/alerts${query({ watch: filter.watch, measure: filter.measure, state: v })}"${(filter.state ?? '') === v ? trusted(' aria-current="page"') : ''}>${label}</a> `)}</nav>
${page.items.length === 0 ? html`<p class="empty">No alerts.</p>` : page.items.map((al) => alertBlock(pc, al, byAlert.get(al.id) ?? []))}
<nav class="pager">
  ${page.newer ? html`<a rel="prev" href="/alerts${query({ ...filter, after: page.newer })}">← Newer</a>` : ''}
  ${page.older ? html`<a rel="next" href="/alerts${query({ ...filter, before: page.older })}">Older →</a>` : ''}
</nav>`;
  return layout(pc, 'Alerts', body);
}

export function alertPage(pc: PageContext, d: AlertDetail, done?: string, error?: string): Html {
  const body = html`<p class="crumbs"><a href="/alerts">Alerts</a> · #${d.alert.id}</p>
${flash(done, error)}
${alertBlock(pc, d.alert, d.deliveries, d.actions)}`;
  return layout(pc, `Alert ${d.alert.id}`, body);
}

// ─── feeds ──────────────────────────────────────────────────────────────────

function duration(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} d`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

export function feedsPage(pc: PageContext, list: FeedList, f: FeedFilter, done?: string, error?: string, form?: { url?: string; interval?: string }): Html {
  const { feeds: rows, events, counts } = list;
  const keep = { status: f.status, limit: f.limit === 100 ? undefined : f.limit };
  const body = html`
<h1>Feeds</h1>
${flash(done, error)}
<form class="add-feed" method="post" action="/feeds">
  ${csrfField(pc)}
  <label>Feed URL <input type="url" name="url" required placeholder="https://example.org/feed.xml" value="${form?.url ?? ''}"></label>
  <label>Poll every (seconds) <input type="number" name="intervalSeconds" min="1" placeholder="default" value="${form?.interval ?? ''}"></label>
  <button type="submit">Add feed</button>
</form>
<nav class="feed-status">
  <a href="/feeds${query({ limit: keep.limit })}"${f.status ? '' : html` aria-current="page"`}>All ${fmtNumber(counts.total)}</a>
  ${FEED_STATUSES.map((s) => html`<a href="/feeds${query({ status: s, limit: keep.limit })}"${f.status === s ? html` aria-current="page"` : ''}>${s} ${fmtNumber(counts[s])}</a>`)}
</nav>
${rows.length === 0 ? html`<p class="empty">No feeds yet: add one above, or with <code>claimwatch feeds add &lt;url&gt;</code>.</p>` : html`<table class="feeds">
  <thead><tr><th>Feed</th><th>Status</th><th>Every</th><th>Last poll</th><th>Next poll</th><th>Last error</th><th class="num">Items</th><th></th></tr></thead>
  <tbody>${rows.map((f) => html`<tr data-feed-id="${f.id}" data-status="${f.status}">
    <td class="title"><strong>${f.title ?? '(untitled)'}</strong><div class="small">${extLink(f.url)}</div></td>
    <td>${badge(f.status)}</td>
    <td>${duration(f.intervalSeconds)}</td>
    <td>${timeTag(f.lastPolledAt)}</td>
    <td>${f.paused ? html`<span class="muted">paused</span>` : timeTag(f.nextPollAt)}</td>
    <td class="small">${f.lastError ? html`<span class="error-text">${f.lastErrorKind ? `${f.lastErrorKind}: ` : ''}${f.lastError}</span> <span class="muted">${fmtTime(f.lastErrorAt)}</span>` : ''}</td>
    <td class="num"><a href="/articles?feed=${f.id}">${fmtNumber(f.itemsFound)}</a></td>
    <td class="actions">
      <form method="post" action="/feeds/${f.id}/pause">${csrfField(pc)}<input type="hidden" name="paused" value="${f.paused ? '0' : '1'}"><button type="submit" class="small-button">${f.paused ? 'Resume' : 'Pause'}</button></form>
      <form method="post" action="/feeds/${f.id}/remove" data-confirm="Remove this feed? Its articles stay.">${csrfField(pc)}<button type="submit" class="small-button danger">Remove</button></form>
    </td>
  </tr>`)}</tbody>
</table>`}
<nav class="pager">
  ${f.after ? html`<a href="/feeds${query(keep)}">First</a>` : ''}
  ${list.next ? html`<a rel="next" href="/feeds${query({ ...keep, after: list.next })}">Next →</a>` : ''}
</nav>
<section class="feed-events">
  <h2>Recent feed events</h2>
  ${events.length === 0 ? html`<p class="empty">None.</p>` : html`<ul>${events.map((e) => html`<li>${timeTag(e.at)} ${badge(e.kind)} feed #${e.feedId}: ${e.message}</li>`)}</ul>`}
</section>`;
  return layout(pc, 'Feeds', body);
}

// ─── queues (a summary; the board at /queues has the jobs) ─────────────────

export function queuesJson(counts: QueueCounts[], failed: FailedJob[]) {
  return counts.map((c) => ({ ...c, failedJobs: failed.filter((f) => f.queue === c.queue) }));
}

// ─── login and errors ──────────────────────────────────────────────────────

export function loginPage(csrf: string, next: string, failed: boolean): Html {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · claimwatch</title><link rel="stylesheet" href="/static/style.css"></head>
<body class="login">
<main>
<h1>claimwatch</h1>
<form method="post" action="/login" class="login-form">
  <input type="hidden" name="_csrf" value="${csrf}">
  <input type="hidden" name="next" value="${next}">
  <label>Dashboard token <input type="password" name="token" autocomplete="current-password" required autofocus></label>
  ${failed ? html`<p class="flash flash-error" role="alert">That is not the token.</p>` : ''}
  <button type="submit">Sign in</button>
</form>
<p class="muted small">The token is the dashboard.token setting (DASHBOARD_TOKEN).</p>
</main>
</body></html>`;
}

export function errorPage(pc: PageContext, status: number, message: string): Html {
  return layout(pc, `${status}`, html`<h1>${status === 404 ? 'Not found' : 'Something went wrong'}</h1><p class="flash flash-error">${message}</p><p><a href="/">Back to the overview</a></p>`);
}
