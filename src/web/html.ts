// Server-side HTML. Everything interpolated into `html` is escaped unless it is
// itself the output of `html`, so a feed's title or an article's text can only
// ever show up as text. No template engine: the pages are small, and a tagged
// template keeps the escaping rule in one place that a reviewer can read.

import { roundedFigure, roundedRange } from '../figures.js';

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Part = Html | string | number | bigint | boolean | null | undefined | readonly Part[];

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

function render(part: Part): string {
  if (part === null || part === undefined || part === false || part === true) return '';
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new Html(out);
}

/** Markup this module made itself (never text from outside). */
export const trusted = (s: string) => new Html(s);

/**
 * A link target from a feed or a page: only http(s) URLs become links, so a
 * `javascript:` or `data:` URL is never one.
 */
export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}

/** A link to an outside page, or the URL as plain text when it is not http(s). */
export function extLink(url: string | null | undefined, label?: Part): Html {
  const href = safeHref(url);
  if (!href) return html`<span class="url">${label ?? url ?? ''}</span>`;
  return html`<a href="${href}" rel="noopener noreferrer nofollow" target="_blank">${label ?? url}</a>`;
}

const numberFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });

export function fmtNumber(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? '–' : numberFormat.format(n);
}

/** A computed figure (a consensus centre, a band's end, an implied total) as a person writes it: "19,000", not "19,115.49". */
export function fmtRounded(n: number | null | undefined, digits = 2): string {
  return n === null || n === undefined || !Number.isFinite(n) ? '–' : roundedFigure(n, digits);
}

/** A computed range, each end rounded as a person writes it. */
export function fmtRoundedRange(low: number, high: number, unit?: string | null): string {
  return [roundedRange(low, high, 3), unit ?? ''].filter(Boolean).join(' ');
}

export function fmtFigure(low: number, high: number, unit?: string | null, per?: string | null): string {
  const value = low === high ? fmtNumber(low) : `${fmtNumber(low)}–${fmtNumber(high)}`;
  return [value, unit ?? '', per ? `/ ${per}` : ''].filter(Boolean).join(' ');
}

/** A time in UTC, to the minute: the same for every reader of a shared screen. */
export function fmtTime(d: Date | string | null | undefined): string {
  if (!d) return '–';
  const date = typeof d === 'string' ? new Date(d) : d;
  if (Number.isNaN(date.getTime())) return '–';
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function fmtDate(d: Date | string | null | undefined): string {
  if (!d) return '–';
  const date = typeof d === 'string' ? new Date(d) : d;
  return Number.isNaN(date.getTime()) ? '–' : date.toISOString().slice(0, 10);
}

export function timeTag(d: Date | null | undefined): Html {
  if (!d) return html`<span class="muted">–</span>`;
  return html`<time datetime="${d.toISOString()}">${fmtTime(d)}</time>`;
}
