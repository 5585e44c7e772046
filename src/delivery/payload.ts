// What a webhook receives. Every event is first one versioned JSON envelope
// (the `json` format, documented in ./README.md); the Slack and Discord
// formats are renderings of it for a person reading a channel. Within
// version 1 fields are only ever added, never renamed or removed.
import { hostname } from 'node:os';
import type { Config } from '../config.js';
import { roundedFigure, roundedRange } from '../figures.js';
import { maskUrl, maskUrlsIn } from '../mask.js';
import type { alerts, feedEvents, feeds } from '../store/schema.js';
import type { EventType, WebhookFormat } from './webhooks.js';

export const PAYLOAD_VERSION = 1;

export interface FigureV1 { low: number; high: number; unit: string }

export interface AlertV1 {
  id: number;
  watch: string;
  measure: string;
  figure: FigureV1;
  /** 'exact' | 'approx' | 'up_to' | 'at_least' | 'vague' */
  qualifier: string;
  /** 'present' | 'planned' | 'additional' */
  status: string;
  /** 'total' | 'subset' */
  scope: string;
  /** Who the figure comes from: the originator first, then each outlet it came through. */
  source: string[];
  consensus: {
    centre: number;
    bandLow: number;
    bandHigh: number;
    unit: string;
    /** How many independent sources the consensus rests on, and which. */
    support: number;
    sources: string[];
  };
  /** How far the figure is from the centre, >= 1. */
  ratio: number;
  /** 'above' or 'below' the consensus. */
  direction: string;
  explanation: string;
  evidence: string;
  article: { url: string; title: string | null };
  /** When claimwatch first saw the figure. */
  firstSeenAt: string;
  updatedAt: string;
  /** Other independent sources that have since reported the same figure. */
  corroborations: { source: string; url: string; at: string }[];
  dashboardUrl: string;
}

export interface FeedEventV1 {
  feed: { id: number; url: string; title: string | null; status: string; lastError: string | null };
  event: { id: number; kind: 'broken' | 'recovered'; message: string; at: string };
  dashboardUrl: string;
}

export interface TestEventV1 { message: string; webhookId: number }

interface Envelope<T extends string, D> {
  type: T;
  version: 1;
  /** Also the webhook-id header: the same on every retry, so receivers drop repeats. */
  id: string;
  /** When the event happened (not when this attempt was sent). */
  timestamp: string;
  data: D;
}

export type AlertEvent = Envelope<'alert.created', { alert: AlertV1 }>
  | Envelope<'alert.corroborated', { alert: AlertV1; corroboration: AlertV1['corroborations'][number] | null }>;
/** Who dismissed a posted alert as wrong, and when: the receiver takes back what it showed. */
export interface RetractionV1 { by: string; note: string | null; at: string }
export type RetractedEvent = Envelope<'alert.retracted', { alert: AlertV1; retraction: RetractionV1 }>;
export type FeedEvent = Envelope<'feed.broken' | 'feed.recovered', FeedEventV1>;
export type TestEvent = Envelope<'test', TestEventV1>;
export type WebhookEvent = AlertEvent | RetractedEvent | FeedEvent | TestEvent;

export type AlertRow = typeof alerts.$inferSelect;
export type FeedEventRow = typeof feedEvents.$inferSelect;
export type FeedRow = typeof feeds.$inferSelect;

/** The dashboard's address as a receiver can reach it. */
export function dashboardBase(config: Pick<Config, 'dashboard'>): string {
  if (config.dashboard.publicUrl) return config.dashboard.publicUrl.replace(/\/+$/, '');
  let host = config.dashboard.host;
  // A wildcard bind is no address to link to; the machine's name is the best guess.
  if (host === '0.0.0.0' || host === '::' || host === '') host = hostname();
  if (host.includes(':') && !host.startsWith('[')) host = `[${host}]`;
  return `http://${host}:${config.dashboard.port}`;
}

export function alertData(alert: AlertRow, config: Pick<Config, 'dashboard'>): AlertV1 {
  return {
    id: alert.id,
    watch: alert.watch,
    measure: alert.measure,
    figure: { low: alert.low, high: alert.high, unit: alert.unit },
    qualifier: alert.qualifier,
    status: alert.status,
    scope: alert.scope,
    source: alert.source,
    consensus: {
      centre: alert.centre, bandLow: alert.bandLow, bandHigh: alert.bandHigh, unit: alert.unit,
      support: alert.support, sources: alert.supportSources,
    },
    ratio: alert.ratio,
    direction: alert.direction,
    explanation: alert.explanation,
    evidence: alert.evidence,
    article: { url: maskUrl(alert.articleUrl), title: alert.articleTitle },
    firstSeenAt: alert.createdAt.toISOString(),
    updatedAt: alert.updatedAt.toISOString(),
    corroborations: alert.corroborations.map((c) => ({ source: c.source, url: maskUrl(c.url), at: c.at })),
    dashboardUrl: `${dashboardBase(config)}/alerts/${alert.id}`,
  };
}

export function alertEvent(type: 'alert.created' | 'alert.corroborated', id: string, alert: AlertRow, config: Pick<Config, 'dashboard'>): AlertEvent {
  const data = alertData(alert, config);
  if (type === 'alert.created') {
    return { type, version: 1, id, timestamp: data.firstSeenAt, data: { alert: data } };
  }
  const latest = data.corroborations.at(-1) ?? null;
  return { type, version: 1, id, timestamp: latest?.at ?? data.updatedAt, data: { alert: data, corroboration: latest } };
}

export function retractedEvent(id: string, alert: AlertRow, retraction: RetractionV1, config: Pick<Config, 'dashboard'>): RetractedEvent {
  return { type: 'alert.retracted', version: 1, id, timestamp: retraction.at, data: { alert: alertData(alert, config), retraction } };
}

export function feedEvent(id: string, event: FeedEventRow, feed: FeedRow, config: Pick<Config, 'dashboard'>): FeedEvent {
  const kind = event.kind === 'recovered' ? 'recovered' : 'broken';
  return {
    type: `feed.${kind}`,
    version: 1,
    id,
    timestamp: event.at.toISOString(),
    data: {
      // A feed's URL may carry its subscription's credentials; receivers get it masked.
      feed: { id: feed.id, url: maskUrl(feed.url), title: feed.title, status: feed.status, lastError: feed.lastError && maskUrlsIn(feed.lastError) },
      event: { id: event.id, kind, message: maskUrlsIn(event.message), at: event.at.toISOString() },
      dashboardUrl: `${dashboardBase(config)}/feeds/${feed.id}`,
    },
  };
}

export function testEvent(id: string, webhookId: number, at = new Date()): TestEvent {
  return {
    type: 'test', version: 1, id, timestamp: at.toISOString(),
    data: { message: 'claimwatch test event: this webhook is reachable and its signature verifies', webhookId },
  };
}

// ─── words ──────────────────────────────────────────────────────────────────

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export function figureText(f: FigureV1, qualifier?: string): string {
  const n = f.low === f.high ? number.format(f.low) : `${number.format(f.low)}–${number.format(f.high)}`;
  const q = { approx: 'about ', up_to: 'up to ', at_least: 'at least ', vague: 'roughly ' }[qualifier ?? ''] ?? '';
  return `${q}${n} ${f.unit}`;
}

function measureName(measure: string): string {
  return measure.replace(/_/g, ' ');
}

function sourceText(a: AlertV1): string {
  if (a.source.length === 0) return hostOf(a.article.url) ?? 'an unnamed source';
  return a.source.length === 1 ? a.source[0] : `${a.source[0]}, via ${a.source.slice(1).join(', ')}`;
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

function isHttpUrl(url: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(url).protocol) && url.length <= 3000;
  } catch {
    return false;
  }
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function direction(a: AlertV1): string {
  return /^(above|higher|up)/i.test(a.direction) ? 'above' : 'below';
}

interface Summary { title: string; line: string; what: string; how: string; consensus: string }

function summarise(e: AlertEvent): Summary {
  const a = e.data.alert;
  const what = `${figureText(a.figure, a.qualifier)}${a.status === 'present' ? '' : ` (${a.status})`}`;
  // Computed figures are written as a person writes them; the exact ones stay in `data.alert.consensus`.
  const consensus = `about ${roundedFigure(a.consensus.centre)} ${a.consensus.unit} ` +
    `(band ${roundedRange(a.consensus.bandLow, a.consensus.bandHigh, 3)}, ${a.consensus.support} source${a.consensus.support === 1 ? '' : 's'})`;
  const title = e.type === 'alert.created'
    ? `New ${measureName(a.measure)} figure departs from the consensus`
    : `Departing ${measureName(a.measure)} figure corroborated`;
  const how = `${number.format(Math.round(a.ratio * 10) / 10)}× ${direction(a)}`;
  const line = `${what} from ${sourceText(a)}, ${how} the consensus of ${consensus}`;
  return { title, line, what, how, consensus };
}

function corroborationText(a: AlertV1): string | null {
  if (a.corroborations.length === 0) return null;
  const names = [...new Set(a.corroborations.map((c) => c.source))];
  return `Also reported by ${names.length} other source${names.length === 1 ? '' : 's'}: ${names.join(', ')}`;
}

// ─── Slack ──────────────────────────────────────────────────────────────────
// An incoming-webhook message: `text` is the notification and the fallback,
// `blocks` what the channel shows. Limits are Slack's: header 150 characters,
// section text 3000, 10 fields of 2000, 10 context elements, button text 75.

type SlackText = { type: 'mrkdwn'; text: string } | { type: 'plain_text'; text: string; emoji?: boolean };
export type SlackBlock =
  | { type: 'header'; text: { type: 'plain_text'; text: string; emoji?: boolean } }
  | { type: 'section'; text?: SlackText; fields?: SlackText[] }
  | { type: 'context'; elements: SlackText[] }
  | { type: 'divider' }
  | { type: 'actions'; elements: { type: 'button'; text: { type: 'plain_text'; text: string }; url: string; action_id: string }[] };
export interface SlackMessage { text: string; blocks: SlackBlock[]; unfurl_links: boolean }

/** Slack's mrkdwn treats &, < and > as control characters. */
function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function slackDate(iso: string): string {
  const t = Math.floor(Date.parse(iso) / 1000);
  return `<!date^${t}^{date_short_pretty} {time}|${iso.slice(0, 16).replace('T', ' ')} UTC>`;
}

function buttons(links: [string, string, string][]): SlackBlock | null {
  const elements = links.filter(([, url]) => isHttpUrl(url))
    .map(([text, url, id]) => ({ type: 'button' as const, text: { type: 'plain_text' as const, text }, url, action_id: id }));
  return elements.length ? { type: 'actions', elements } : null;
}

function slackAlert(e: AlertEvent): SlackMessage {
  const a = e.data.alert;
  const s = summarise(e);
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(s.title, 150), emoji: true } },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: clip(`*${esc(s.what)}*, *${esc(s.how)}* the consensus\n${esc(a.explanation)}`, 3000) },
    },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: clip(`*Source*\n${esc(sourceText(a))}`, 2000) },
        { type: 'mrkdwn', text: clip(`*Consensus*\n${esc(s.consensus)}`, 2000) },
        { type: 'mrkdwn', text: clip(`*Measure*\n${esc(`${measureName(a.measure)} (${a.watch})`)}`, 2000) },
        { type: 'mrkdwn', text: `*First seen*\n${slackDate(a.firstSeenAt)}` },
      ],
    },
    { type: 'section', text: { type: 'mrkdwn', text: clip(`>${esc(a.evidence).replace(/\n+/g, ' ')}`, 3000) } },
  ];
  const context = [
    a.article.title ? `*${esc(clip(a.article.title, 300))}*` : null,
    hostOf(a.article.url) ? esc(hostOf(a.article.url)!) : null,
    corroborationText(a) ? esc(clip(corroborationText(a)!, 1000)) : null,
  ].filter((x): x is string => Boolean(x));
  if (context.length) blocks.push({ type: 'context', elements: context.map((text) => ({ type: 'mrkdwn', text })) });
  const actions = buttons([['Open alert', a.dashboardUrl, 'open_alert'], ['Read article', a.article.url, 'read_article']]);
  if (actions) blocks.push(actions);
  return { text: clip(`${s.title}: ${s.line}`, 3000), blocks, unfurl_links: false };
}

function retractionTitle(a: AlertV1): string {
  return `Retracted: ${measureName(a.measure)} figure ${figureText(a.figure, a.qualifier)}`;
}

function retractionLine(e: RetractedEvent): string {
  const { alert: a, retraction: r } = e.data;
  return `The alert on ${figureText(a.figure, a.qualifier)} from ${sourceText(a)} was dismissed as wrong by ${r.by}` +
    `${r.note ? ` (${r.note})` : ''}; it no longer counts against the consensus.`;
}

function slackRetraction(e: RetractedEvent): SlackMessage {
  const a = e.data.alert;
  const title = retractionTitle(a);
  const line = retractionLine(e);
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(title, 150), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: clip(esc(line), 3000) } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: clip(`${esc(`${measureName(a.measure)} (${a.watch})`)} · ${slackDate(e.data.retraction.at)}`, 3000) }] },
  ];
  const actions = buttons([['Open alert', a.dashboardUrl, 'open_alert']]);
  if (actions) blocks.push(actions);
  return { text: clip(`${title}: ${line}`, 3000), blocks, unfurl_links: false };
}

function slackFeed(e: FeedEvent): SlackMessage {
  const { feed, event, dashboardUrl } = e.data;
  const name = feed.title ?? hostOf(feed.url) ?? feed.url;
  const title = event.kind === 'broken' ? `Feed broken: ${name}` : `Feed recovered: ${name}`;
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(title, 150), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: clip(esc(event.message), 3000) } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: clip(`${esc(feed.url)} · ${slackDate(event.at)}`, 3000) }] },
  ];
  const actions = buttons([['Open feed', dashboardUrl, 'open_feed']]);
  if (actions) blocks.push(actions);
  return { text: clip(`${title}: ${event.message}`, 3000), blocks, unfurl_links: false };
}

function slackTest(e: TestEvent): SlackMessage {
  return {
    text: e.data.message,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `:white_check_mark: ${esc(e.data.message)} (webhook ${e.data.webhookId})` } }],
    unfurl_links: false,
  };
}

// ─── Discord ────────────────────────────────────────────────────────────────
// Content plus one embed, within Discord's limits (title 256, description
// 4096, field value 1024). allowed_mentions keeps an article's "@everyone"
// from pinging a channel.

export interface DiscordMessage {
  content: string;
  allowed_mentions: { parse: string[] };
  embeds: {
    title: string;
    description?: string;
    url?: string;
    color: number;
    fields?: { name: string; value: string; inline?: boolean }[];
    timestamp: string;
    footer: { text: string };
  }[];
}

function md(text: string): string {
  return text.replace(/([\\*_~`|>])/g, '\\$1');
}

const COLOURS = { departure: 0xe67e22, corroborated: 0xd35400, retracted: 0x7f8c8d, broken: 0xc0392b, recovered: 0x27ae60, test: 0x3498db };

function discordAlert(e: AlertEvent): DiscordMessage {
  const a = e.data.alert;
  const s = summarise(e);
  const fields = [
    { name: 'Figure', value: clip(md(figureText(a.figure, a.qualifier)), 1024), inline: true },
    { name: 'Consensus', value: clip(md(s.consensus), 1024), inline: true },
    { name: 'Source', value: clip(md(sourceText(a)), 1024), inline: true },
    { name: 'Evidence', value: clip(`> ${md(a.evidence).replace(/\n+/g, ' ')}`, 1024) },
  ];
  if (isHttpUrl(a.article.url)) fields.push({ name: 'Article', value: clip(`[${md(a.article.title ?? hostOf(a.article.url) ?? 'article')}](${a.article.url})`, 1024) });
  const corroborated = corroborationText(a);
  if (corroborated) fields.push({ name: 'Corroboration', value: clip(md(corroborated), 1024) });
  return {
    content: clip(`**${md(s.title)}**: ${md(s.line)}`, 2000),
    allowed_mentions: { parse: [] },
    embeds: [{
      title: clip(s.title, 256),
      ...(isHttpUrl(a.dashboardUrl) ? { url: a.dashboardUrl } : {}),
      description: clip(md(a.explanation), 2000),
      color: e.type === 'alert.created' ? COLOURS.departure : COLOURS.corroborated,
      fields,
      timestamp: e.timestamp,
      footer: { text: `claimwatch · ${a.watch}` },
    }],
  };
}

function discordRetraction(e: RetractedEvent): DiscordMessage {
  const a = e.data.alert;
  const title = retractionTitle(a);
  return {
    content: clip(`**${md(title)}**`, 2000),
    allowed_mentions: { parse: [] },
    embeds: [{
      title: clip(title, 256),
      ...(isHttpUrl(a.dashboardUrl) ? { url: a.dashboardUrl } : {}),
      description: clip(md(retractionLine(e)), 2000),
      color: COLOURS.retracted,
      timestamp: e.timestamp,
      footer: { text: `claimwatch · ${a.watch}` },
    }],
  };
}

function discordFeed(e: FeedEvent): DiscordMessage {
  const { feed, event, dashboardUrl } = e.data;
  const name = feed.title ?? hostOf(feed.url) ?? feed.url;
  const title = event.kind === 'broken' ? `Feed broken: ${name}` : `Feed recovered: ${name}`;
  return {
    content: clip(`**${md(title)}**`, 2000),
    allowed_mentions: { parse: [] },
    embeds: [{
      title: clip(title, 256),
      ...(isHttpUrl(dashboardUrl) ? { url: dashboardUrl } : {}),
      description: clip(md(event.message), 2000),
      color: event.kind === 'broken' ? COLOURS.broken : COLOURS.recovered,
      fields: [{ name: 'Feed', value: clip(md(feed.url), 1024) }],
      timestamp: event.at,
      footer: { text: 'claimwatch' },
    }],
  };
}

function discordTest(e: TestEvent): DiscordMessage {
  return {
    content: md(e.data.message),
    allowed_mentions: { parse: [] },
    embeds: [{ title: 'claimwatch test event', description: `webhook ${e.data.webhookId}`, color: COLOURS.test, timestamp: e.timestamp, footer: { text: 'claimwatch' } }],
  };
}

/** The body a webhook of this format receives for the event. */
export function render(format: WebhookFormat, e: WebhookEvent): object {
  if (format === 'json') return e;
  const isAlert = e.type === 'alert.created' || e.type === 'alert.corroborated';
  if (format === 'slack') {
    if (e.type === 'alert.retracted') return slackRetraction(e);
    return isAlert ? slackAlert(e as AlertEvent) : e.type === 'test' ? slackTest(e) : slackFeed(e as FeedEvent);
  }
  if (e.type === 'alert.retracted') return discordRetraction(e);
  return isAlert ? discordAlert(e as AlertEvent) : e.type === 'test' ? discordTest(e) : discordFeed(e as FeedEvent);
}

// The store keeps bodies as jsonb, which reorders keys; a receiver (and a
// person reading a request log) sees them in this order instead.
const KEY_ORDER = ['type', 'version', 'id', 'timestamp', 'text', 'content', 'title', 'data', 'alert', 'retraction', 'feed', 'event', 'blocks', 'embeds'];

export function serialise(body: unknown): string {
  return JSON.stringify(body, (_key, value: unknown) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
    const entries = Object.entries(value as Record<string, unknown>);
    const rank = (k: string) => { const i = KEY_ORDER.indexOf(k); return i === -1 ? KEY_ORDER.length : i; };
    return Object.fromEntries(entries.map((e, i) => [e, i] as const)
      .sort(([a, i], [b, j]) => rank(a[0]) - rank(b[0]) || i - j).map(([e]) => e));
  });
}

export type { EventType };
