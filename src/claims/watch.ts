// A watch is data: a YAML or JSON file naming the story, what it counts and
// the words that signal each measure per language, who the sources are, and
// the consensus settings. Operators add watches without touching code, so a
// bad file must say which file and which field is wrong.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { parseDataText } from './data-file.js';
import { shippedDataDir } from '../paths.js';
import { languagePack } from './lang/pack.js';
import { consensusOverridesSchema } from '../consensus/settings.js';

const word = z.string().trim().min(1);
const words = z.array(word);
/** Words per language code ("en", "de", ...). */
const langWords = z.record(z.string().regex(/^[a-z]{2,3}$/, 'a language code such as "en"'), words);
// The consensus helper owns the shape of these; the watch checks them when it loads, so a typo
// ("kind: cumulativ", "max: 500k") stops the load with the measure named, not every later extract.
const consensus = consensusOverridesSchema.optional();

const measureSchema = z.strictObject({
  label: z.string().optional(),
  unit: word,
  /**
   * count: people or things named by a noun; money: a sum with a currency (a price too); mass: tonnes
   * of a commodity; share: a percent of something (a vote share), its number followed by a percent
   * word of the language ("%", "percent", "Prozent", "pour cent", "por ciento", from CLDR).
   */
  dimension: z.enum(['count', 'money', 'mass', 'share']).default('count'),
  nouns: langWords.default({}),
  predicates: langWords.optional(),
  before: langWords.optional(),
  parts: z.record(z.string(), langWords).optional(),
  context: langWords.optional(),
  /**
   * For a money measure: words that make a sum paid to each one of those counted, not the whole
   * ("salary", "wage", "per soldier"): anywhere in the figure's sentence, they make it a part.
   */
  perHead: langWords.optional(),
  /**
   * For a money measure: the units a sum is per, each with its words after the sum ("barrel": "a
   * barrel", "pro Barrel"); a claim's `per` is the unit named (a price of $82.50 per barrel).
   */
  per: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'a unit name such as "barrel"'), langWords).optional(),
  /** `subset`: every figure of the measure is a part of a larger whole (officers and generals among the troops). */
  scope: z.enum(['total', 'subset']).optional(),
  /** Counts below this are about individuals ("two soldiers were captured"), not the measure. */
  minimum: z.number().nonnegative().optional(),
  /** Replaced by `consensus.plausible.max`, which the extractor reads (see superRefine). */
  maximum: z.unknown().optional(),
  /**
   * Nouns of a kind of what the measure counts ("sappers", "military builders"): a figure of
   * them is a part of the whole (a subset), and they count as the measure's nouns too.
   */
  subsetNouns: langWords.optional(),
  /**
   * Words that make a figure not this measure, bound to it (in its phrase or the clause it
   * governs): the injured, the missing, the arrested are not the dead ("40 people were injured").
   */
  excludes: langWords.optional(),
  /** For a loss measure: the measure whose members its predicates turn into losses ("4,000 soldiers were killed"). */
  lossesOf: z.string().optional(),
  /** The counted things may belong to anyone (bases are Russian): other-party words do not rule a figure out. */
  anyParty: z.boolean().default(false),
  consensus,
});

const placeSchema = z.strictObject({
  name: word,
  level: z.enum(['country', 'region', 'place']).default('place'),
  aliases: words.min(1),
});

const sourceSchema = z.strictObject({
  key: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a lower-case id such as "hur"'),
  name: word,
  outlet: z.boolean().default(false),
  aliases: words.min(1),
});

export const watchSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a lower-case id such as "dprk-troops-russia"'),
  name: word,
  description: z.string().optional(),
  /** Languages the watch tags: any with a language pack (corpus/langs/<code>.yaml). */
  languages: z.array(z.string().superRefine((l, ctx) => {
    if (languagePack(l) === null) ctx.addIssue({ code: 'custom', message: `no language pack for "${l}" (corpus/langs/${l}.yaml)` });
  })).min(1),
  consensus,
  subject: langWords.default({}),
  /**
   * People the story does not count ("civilians", "people", "children"): a loss figure among them
   * ("three people were killed") is no loss of a measure, unless its sentence names the subject.
   */
  bystanders: langWords.default({}),
  otherParties: langWords.default({}),
  /** Names of other parties as the subject of a clause ("Russia has massed 50,000 troops"). */
  otherActors: langWords.default({}),
  measures: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'a measure key such as "troops"'), measureSchema)
    .refine((m) => Object.keys(m).length > 0, 'at least one measure'),
  qualifiers: z.strictObject({
    approx: langWords.default({}),
    up_to: langWords.default({}),
    at_least: langWords.default({}),
    after: z.strictObject({
      approx: langWords.default({}),
      up_to: langWords.default({}),
      at_least: langWords.default({}),
    }).prefault({}),
  }).prefault({}),
  status: z.strictObject({
    additional: z.strictObject({ before: langWords.default({}), after: langWords.default({}) }).prefault({}),
    planned: langWords.default({}),
    present: langWords.default({}),
    strongPresent: langWords.default({}),
  }).prefault({}),
  scope: z.strictObject({
    subset: z.strictObject({
      before: langWords.default({}),
      touching: langWords.default({}),
      after: langWords.default({}),
      /** A task or a group after the figure's noun ("to train", "for the first group"): those sent for it are a part. */
      following: langWords.default({}),
    }).prefault({}),
    total: langWords.default({}),
  }).prefault({}),
  places: z.array(placeSchema).default([]),
  sources: z.array(sourceSchema).default([]),
}).superRefine((w, ctx) => {
  // Words in a language the watch does not tag would never be read: a forgotten `languages` entry.
  for (const [path, lang] of wordLanguages(w)) {
    if (!w.languages.includes(lang)) ctx.addIssue({ code: 'custom', path: [...path, lang], message: `"${lang}" is not in languages` });
  }
  const keys = new Set<string>();
  w.sources.forEach((s, i) => {
    if (keys.has(s.key)) ctx.addIssue({ code: 'custom', path: ['sources', i, 'key'], message: `duplicate source key "${s.key}"` });
    keys.add(s.key);
  });
  const plausibleRange = (c: typeof w.consensus, path: (string | number)[]) => {
    const p = c?.plausible;
    if (p && p.min !== undefined && p.max !== undefined && p.min > p.max) {
      ctx.addIssue({ code: 'custom', path: [...path, 'consensus', 'plausible'], message: `min (${p.min}) is above max (${p.max})` });
    }
  };
  plausibleRange(w.consensus, []);
  for (const [key, m] of Object.entries(w.measures)) {
    plausibleRange(m.consensus, ['measures', key]);
    // A word in `excludes` that is also one of the measure's own would make every figure of it no figure.
    for (const [lang, list] of Object.entries(m.excludes ?? {})) {
      const own = new Set([...(m.nouns[lang] ?? []), ...(m.predicates?.[lang] ?? []), ...(m.before?.[lang] ?? [])].map((x) => x.toLowerCase()));
      for (const x of list) if (own.has(x.toLowerCase())) ctx.addIssue({ code: 'custom', path: ['measures', key, 'excludes', lang], message: `"${x}" is one of the measure's own words too` });
    }
    // One range, not two: the extractor does not read a figure above the consensus's plausible maximum.
    if (m.maximum !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['measures', key, 'maximum'], message: 'moved: write it as consensus.plausible.max (a figure above it is not read)' });
    }
    const hasNouns = Object.values(m.nouns).some((l) => l.length > 0);
    if ((m.dimension === 'count' || m.dimension === 'mass') && !hasNouns) {
      ctx.addIssue({ code: 'custom', path: ['measures', key, 'nouns'], message: 'a count or mass measure needs nouns in at least one language' });
    }
    if (m.lossesOf && !w.measures[m.lossesOf]) {
      ctx.addIssue({ code: 'custom', path: ['measures', key, 'lossesOf'], message: `no measure "${m.lossesOf}" in this watch` });
    }
    if (m.dimension === 'money' && !m.context) {
      ctx.addIssue({ code: 'custom', path: ['measures', key, 'context'], message: 'a money measure needs context words (what the money is for)' });
    }
    for (const k of ['per', 'perHead'] as const) {
      if (m[k] && m.dimension !== 'money') ctx.addIssue({ code: 'custom', path: ['measures', key, k], message: `only a money measure has ${k} words` });
    }
    if (m.dimension === 'share' && !m.context) {
      ctx.addIssue({ code: 'custom', path: ['measures', key, 'context'], message: 'a share measure needs context words (what it is a share of)' });
    }
  }
});

/** Every word list of a watch, by path, with its language: the lists are the records of string arrays under language codes. */
function wordLanguages(value: unknown, path: (string | number)[] = []): [(string | number)[], string][] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  const entries = Object.entries(value);
  const isLangWords = entries.length > 0 && entries.every(([k, v]) => /^[a-z]{2,3}$/.test(k) && Array.isArray(v) && v.every((x) => typeof x === 'string'));
  if (isLangWords) return entries.map(([k]) => [path, k]);
  // Places and sources hold aliases in any language, not word lists per language.
  return entries.filter(([k]) => path.length > 0 || (k !== 'places' && k !== 'sources')).flatMap(([k, v]) => wordLanguages(v, [...path, k]));
}

export type Watch = z.infer<typeof watchSchema>;
export type WatchMeasure = Watch['measures'][string];
export type WatchSource = Watch['sources'][number];

export class WatchError extends Error {
  /** One line per problem, each naming the file and the path in it. */
  readonly lines: string[];
  constructor(message: string | string[]) {
    const lines = Array.isArray(message) ? message : [message];
    super(lines.join('\n'));
    this.lines = lines;
  }
}

export const SHIPPED_WATCH_DIR = join(shippedDataDir, 'watches');

function shippedWatchFiles(): string[] {
  return readdirSync(SHIPPED_WATCH_DIR).filter((f) => /\.(ya?ml|json)$/i.test(f)).sort().map((f) => join(SHIPPED_WATCH_DIR, f));
}

/** The value at a path of the raw file, for an error that says what was written. */
function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v = raw;
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/**
 * Every issue of a watch, one line each: the file, the path in it (measure, field), what is wrong
 * and what is allowed, with what was written when it was a value of the wrong kind.
 */
export function describeIssues(file: string, error: z.ZodError, raw?: unknown): string[] {
  return error.issues.map((i) => {
    const path = i.path.length ? i.path.map(String).join('.') : '(top level)';
    const got = i.code === 'invalid_type' || i.code === 'invalid_value' ? valueAt(raw, i.path) : undefined;
    const shown = got === undefined ? '' : ` (got ${JSON.stringify(got)})`;
    return `invalid watch file ${file}: ${path}: ${i.message}${shown}`;
  });
}

/** Parses and validates one watch from its text; `file` names it in errors. */
export function parseWatch(textOrObject: string | unknown, file = '(inline watch)'): Watch {
  const raw = parseDataText(textOrObject, file, 'watch file', (m) => new WatchError(m));
  const result = watchSchema.safeParse(raw);
  if (!result.success) throw new WatchError(describeIssues(file, result.error, raw));
  return result.data;
}

export function loadWatchFile(file: string): Watch {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new WatchError(`cannot read watch file ${file}: ${(err as Error).message}`);
  }
  return parseWatch(text, file);
}

/**
 * The watches to tag with: the shipped ones (the seed story's), or exactly
 * the given files when there are any (an operator's list replaces the
 * shipped one, so they can also drop it).
 */
/** The files the watches are read from: the given ones, else the shipped ones. */
export function watchFileList(files?: string[]): string[] {
  return files && files.length ? files : shippedWatchFiles();
}

export function loadWatches(files?: string[]): Watch[] {
  const list = watchFileList(files);
  // Every file checked before any is refused: an operator fixes them all in one go.
  const lines: string[] = [];
  const watches = list.flatMap((f) => {
    try {
      return [loadWatchFile(f)];
    } catch (err) {
      if (!(err instanceof WatchError)) throw err;
      lines.push(...err.lines);
      return [];
    }
  });
  if (lines.length) throw new WatchError(lines);
  const seen = new Map<string, string>();
  watches.forEach((w, i) => {
    const other = seen.get(w.id);
    if (other) throw new WatchError(`watch id "${w.id}" is used by both ${other} and ${list[i]}`);
    seen.set(w.id, list[i]);
  });
  return watches;
}
