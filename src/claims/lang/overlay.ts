// A watch's words in more languages, kept beside the watch until the
// extractor reads language packs (corpus/watches/i18n/<watch id>.yaml). It has
// the watch's structure, but only word lists: measures, places and sources it
// names must exist in the watch it extends, and every language it covers
// needs a language pack, so a typo is caught when the file is loaded.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { parseDataText } from '../data-file.js';
import { shippedDataDir } from '../../paths.js';
import type { Watch } from '../watch.js';
import { languagePack } from './pack.js';

const word = z.string().trim().min(1);
const langWords = z.record(z.string().regex(/^[a-z]{2,3}$/, 'a language code such as "ru"'), z.array(word));

const measureWords = z.strictObject({
  nouns: langWords.optional(),
  predicates: langWords.optional(),
  before: langWords.optional(),
  context: langWords.optional(),
  parts: z.record(z.string(), langWords).optional(),
});

export const overlaySchema = z.strictObject({
  /** The id of the watch these words extend. */
  extends: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  languages: z.array(z.string().regex(/^[a-z]{2,3}$/)).min(1),
  subject: langWords.default({}),
  otherParties: langWords.default({}),
  otherActors: langWords.default({}),
  measures: z.record(z.string(), measureWords).default({}),
  /** Place name (as in the watch) → more aliases. */
  places: z.record(z.string(), z.array(word)).default({}),
  /** Source key (as in the watch) → more aliases; `new`: sources the watch lacks. */
  sources: z.object({
    new: z.array(z.strictObject({ key: z.string().regex(/^[a-z0-9][a-z0-9-]*$/), name: word, outlet: z.boolean().default(false), aliases: z.array(word).min(1) })).default([]),
  }).catchall(z.array(word)).default({ new: [] }),
});

export type WatchOverlay = z.infer<typeof overlaySchema>;

export class OverlayError extends Error {}

/** Parses an overlay and checks it against the watch it extends. */
export function parseOverlay(textOrObject: string | unknown, watch: Watch, file = '(inline overlay)'): WatchOverlay {
  const raw = parseDataText(textOrObject, file, 'watch words', (m) => new OverlayError(m));
  const r = overlaySchema.safeParse(raw);
  const issues: string[] = r.success ? [] : r.error.issues.map((i) => `  ${i.path.join('.') || '(top level)'}: ${i.message}`);
  if (r.success) {
    const o = r.data;
    if (o.extends !== watch.id) issues.push(`  extends: "${o.extends}" is not the watch "${watch.id}"`);
    for (const l of o.languages) if (!languagePack(l)) issues.push(`  languages: no language pack for "${l}"`);
    const langsIn = (path: string, lw: Record<string, string[]> | undefined) => {
      for (const l of Object.keys(lw ?? {})) if (!o.languages.includes(l)) issues.push(`  ${path}.${l}: "${l}" is not in languages`);
    };
    langsIn('subject', o.subject);
    langsIn('otherParties', o.otherParties);
    langsIn('otherActors', o.otherActors);
    for (const [key, m] of Object.entries(o.measures)) {
      if (!watch.measures[key]) issues.push(`  measures.${key}: no measure "${key}" in watch "${watch.id}"`);
      for (const k of ['nouns', 'predicates', 'before', 'context'] as const) langsIn(`measures.${key}.${k}`, m[k]);
      for (const [part, lw] of Object.entries(m.parts ?? {})) {
        if (!watch.measures[key]?.parts?.[part]) issues.push(`  measures.${key}.parts.${part}: no such part in watch "${watch.id}"`);
        langsIn(`measures.${key}.parts.${part}`, lw);
      }
    }
    for (const name of Object.keys(o.places)) if (!watch.places.some((p) => p.name === name)) issues.push(`  places.${name}: no place "${name}" in watch "${watch.id}"`);
    for (const key of Object.keys(o.sources)) if (key !== 'new' && !watch.sources.some((s) => s.key === key)) issues.push(`  sources.${key}: no source "${key}" in watch "${watch.id}"`);
    for (const s of o.sources.new) if (watch.sources.some((w) => w.key === s.key)) issues.push(`  sources.new.${s.key}: the watch has this source already; add aliases under sources.${s.key}`);
  }
  if (issues.length) throw new OverlayError(`invalid watch words ${file}:\n${issues.join('\n')}`);
  return r.data!;
}

// Not imported from watch.ts: watch.ts folds overlays in when it loads a watch.
export const SHIPPED_OVERLAY_DIR = join(shippedDataDir, 'watches', 'i18n');

/** The shipped overlay of a watch. */
export function loadOverlay(watch: Watch, file = join(SHIPPED_OVERLAY_DIR, `${watch.id}.yaml`)): WatchOverlay {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new OverlayError(`cannot read watch words ${file}: ${(err as Error).message}`);
  }
  return parseOverlay(text, watch, file);
}

const addWords = (into: Record<string, string[]> | undefined, more: Record<string, string[]> | undefined): Record<string, string[]> => {
  const out: Record<string, string[]> = { ...(into ?? {}) };
  for (const [l, ws] of Object.entries(more ?? {})) out[l] = [...(out[l] ?? []), ...ws];
  return out;
};

/**
 * The watch with the overlay's words folded in: its languages, the words of
 * each measure, more aliases of places and sources, and new sources. The
 * extractor then reads one watch, whatever file a language's words came from.
 */
export function foldOverlay(watch: Watch, o: WatchOverlay): Watch {
  const measures: Watch['measures'] = {};
  for (const [key, m] of Object.entries(watch.measures)) {
    const w = o.measures[key];
    if (!w) {
      measures[key] = m;
      continue;
    }
    const parts = m.parts ? Object.fromEntries(Object.entries(m.parts).map(([p, lw]) => [p, addWords(lw, w.parts?.[p])])) : undefined;
    measures[key] = {
      ...m,
      nouns: addWords(m.nouns, w.nouns),
      ...(m.predicates || w.predicates ? { predicates: addWords(m.predicates, w.predicates) } : {}),
      ...(m.before || w.before ? { before: addWords(m.before, w.before) } : {}),
      ...(m.context || w.context ? { context: addWords(m.context, w.context) } : {}),
      ...(parts ? { parts } : {}),
    };
  }
  return {
    ...watch,
    languages: [...new Set([...watch.languages, ...o.languages])],
    subject: addWords(watch.subject, o.subject),
    otherParties: addWords(watch.otherParties, o.otherParties),
    otherActors: addWords(watch.otherActors, o.otherActors),
    measures,
    places: watch.places.map((p) => ({ ...p, aliases: [...p.aliases, ...(o.places[p.name] ?? [])] })),
    sources: [
      ...watch.sources.map((s) => ({ ...s, aliases: [...s.aliases, ...((o.sources as Record<string, string[]>)[s.key] ?? [])] })),
      ...o.sources.new,
    ],
  };
}
