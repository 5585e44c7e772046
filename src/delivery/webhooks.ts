// Where alerts are posted. A webhook is a URL, a format, an optional signing
// secret and a filter; it comes from the CLI or from the config file. Its
// secret, and the token that Slack and Discord hide in their webhook URLs,
// never leave this module except to sign and send.
import { randomBytes } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import type { WebhookConfig } from '../config.js';
import type { Db } from '../store/db.js';
import { maskUrl } from '../mask.js';
import { webhooks } from '../store/schema.js';

export const FORMATS = ['json', 'slack', 'discord'] as const;
export type WebhookFormat = (typeof FORMATS)[number];

export const EVENT_TYPES = ['alert.created', 'alert.corroborated', 'alert.retracted', 'feed.broken', 'feed.recovered'] as const;
export type EventType = (typeof EVENT_TYPES)[number];
/** What a webhook's event filter may name: a type, or a family of them. */
const EVENT_PATTERNS = new Set<string>([...EVENT_TYPES, 'alert.*', 'feed.*', '*']);

/** Bad input or an unknown webhook: the message is meant for the operator. */
export class WebhookError extends Error {}

export interface WebhookInput {
  url: string;
  format?: WebhookFormat;
  /** A Standard Webhooks secret, whsec_ and base64; one is made when none is given. */
  secret?: string;
  watch?: string;
  measures?: string[];
  minRatio?: number;
  /** Event types (or alert.*, feed.*); none: all. */
  events?: string[];
}

/** A webhook as listed: never the secret, and the URL with its tokens masked. */
export interface WebhookView {
  id: number;
  url: string;
  format: WebhookFormat;
  hasSecret: boolean;
  watch: string | null;
  measures: string[] | null;
  minRatio: number | null;
  events: string[] | null;
  origin: 'cli' | 'config';
  enabled: boolean;
  createdAt: Date;
}

/** What `addWebhook` returns: the secret appears here once, and only when it was made for the caller. */
export type NewWebhook = WebhookView & { secret?: string };

export type WebhookRow = typeof webhooks.$inferSelect;

/**
 * The URL with what may be a credential masked: the password, query values,
 * and for Slack and Discord (whose URL is the credential) the token segment.
 * The rule is src/mask.ts's, the one every shown URL goes through.
 */
export function displayUrl(raw: string, format: string): string {
  if (!URL.canParse(raw)) return '[invalid URL]';
  return maskUrl(raw, { webhook: { format } });
}

/** Replaces the raw URL and the secret wherever they occur in a text bound for a log or a listing. */
export function scrub(text: string, hook: Pick<WebhookRow, 'url' | 'format' | 'secret'>): string {
  let out = text.split(hook.url).join(displayUrl(hook.url, hook.format));
  if (hook.secret) {
    out = out.split(hook.secret).join('[secret]');
    out = out.split(hook.secret.replace(/^whsec_/, '')).join('[secret]');
  }
  return out;
}

export function generateSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** A secret as Standard Webhooks defines it: whsec_ and 24 to 64 random bytes in base64. */
export function normaliseSecret(secret: string): string {
  const raw = secret.trim().replace(/^whsec_/, '');
  const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(raw) && raw.length % 4 === 0 ? Buffer.from(raw, 'base64').length : 0;
  if (bytes < 24 || bytes > 64) {
    throw new WebhookError(
      'a webhook secret is whsec_ followed by 24 to 64 bytes in base64 (leave --secret out and claimwatch makes one)',
    );
  }
  new Webhook(`whsec_${raw}`); // the library that signs must accept it too
  return `whsec_${raw}`;
}

function checkUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    throw new WebhookError(`not a URL: ${JSON.stringify(url)}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new WebhookError(`a webhook URL is http or https, not ${u.protocol}`);
  return u.toString();
}

function checkInput(input: WebhookInput): Omit<typeof webhooks.$inferInsert, 'secret' | 'origin'> {
  const format = input.format ?? 'json';
  if (!FORMATS.includes(format)) throw new WebhookError(`unknown format ${JSON.stringify(format)}: one of ${FORMATS.join(', ')}`);
  const events = input.events?.length ? input.events : null;
  for (const e of events ?? []) {
    if (!EVENT_PATTERNS.has(e)) throw new WebhookError(`unknown event type ${JSON.stringify(e)}: ${[...EVENT_PATTERNS].join(', ')}`);
  }
  if (input.minRatio !== undefined && !(input.minRatio > 0)) throw new WebhookError('the minimum ratio is a positive number');
  const measures = input.measures?.map((m) => m.trim()).filter(Boolean);
  return {
    url: checkUrl(input.url),
    format,
    watch: input.watch?.trim() || null,
    measures: measures?.length ? measures : null,
    minRatio: input.minRatio ?? null,
    events,
  };
}

export function toView(row: WebhookRow): WebhookView {
  return {
    id: row.id,
    url: displayUrl(row.url, row.format),
    format: row.format as WebhookFormat,
    hasSecret: Boolean(row.secret),
    watch: row.watch,
    measures: row.measures,
    minRatio: row.minRatio,
    events: row.events,
    origin: row.origin as 'cli' | 'config',
    enabled: row.enabled,
    createdAt: row.createdAt,
  };
}

export async function addWebhook(db: Db, input: WebhookInput): Promise<NewWebhook> {
  const values = checkInput(input);
  const made = input.secret === undefined ? generateSecret() : undefined;
  const secret = made ?? normaliseSecret(input.secret!);
  const [row] = await db.insert(webhooks).values({ ...values, secret, origin: 'cli' }).onConflictDoNothing().returning();
  if (!row) {
    const [existing] = await db.select({ id: webhooks.id }).from(webhooks)
      .where(and(eq(webhooks.url, values.url), eq(webhooks.format, values.format!)));
    throw new WebhookError(`webhook ${existing?.id} already posts ${values.format} to this URL`);
  }
  return made ? { ...toView(row), secret: made } : toView(row);
}

export async function listWebhooks(db: Db): Promise<WebhookView[]> {
  const rows = await db.select().from(webhooks).orderBy(asc(webhooks.id));
  return rows.map(toView);
}

export async function getWebhookRow(db: Db, id: number): Promise<WebhookRow> {
  const [row] = await db.select().from(webhooks).where(eq(webhooks.id, id));
  if (!row) throw new WebhookError(`no webhook ${id}`);
  return row;
}

/** Removes a webhook made from the CLI, with its deliveries. */
export async function removeWebhook(db: Db, id: number): Promise<void> {
  const row = await getWebhookRow(db, id);
  if (row.origin === 'config') {
    throw new WebhookError(`webhook ${id} comes from the config file; remove it there and restart`);
  }
  await db.delete(webhooks).where(eq(webhooks.id, id));
}

/**
 * Makes the store's config webhooks those of the config file. A webhook
 * dropped from the file is disabled, not deleted, so its delivery history
 * stays. A config webhook without a secret is sent unsigned (Slack and
 * Discord need none); one that had a secret keeps it.
 */
export async function syncConfigWebhooks(db: Db, hooks: WebhookConfig[]): Promise<{ synced: number; disabled: number }> {
  const prepared = hooks.map((h, i) => {
    try {
      return { values: checkInput(h as WebhookInput), secret: h.secret === undefined ? undefined : normaliseSecret(h.secret) };
    } catch (err) {
      throw new WebhookError(`config webhooks[${i}]: ${(err as Error).message}`);
    }
  });
  const kept = new Set<number>();
  for (const { values, secret } of prepared) {
    const [row] = await db.insert(webhooks)
      .values({ ...values, secret: secret ?? null, origin: 'config', enabled: true })
      .onConflictDoUpdate({
        target: [webhooks.url, webhooks.format],
        set: {
          watch: values.watch ?? null, measures: values.measures ?? null, minRatio: values.minRatio ?? null,
          events: values.events ?? null, origin: 'config', enabled: true,
          ...(secret ? { secret } : {}),
        },
      })
      .returning({ id: webhooks.id });
    kept.add(row.id);
  }
  const stale = (await db.select({ id: webhooks.id, enabled: webhooks.enabled }).from(webhooks).where(eq(webhooks.origin, 'config')))
    .filter((r) => !kept.has(r.id) && r.enabled);
  for (const r of stale) await db.update(webhooks).set({ enabled: false }).where(eq(webhooks.id, r.id));
  return { synced: kept.size, disabled: stale.length };
}
