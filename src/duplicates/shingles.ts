// Word shingles, their MinHash signature and its LSH band keys, and the exact
// comparison that verifies a candidate. Pure functions: the store is in index.ts.
import type { Config } from '../config.js';

export type DuplicateSettings = Config['duplicates'];

/**
 * Words of a text as shingling sees them. Case, accents, apostrophes and
 * thousands separators vary between copies of one story ("Korea's", "10,000",
 * "10 000") without making it another story, so they are folded away here.
 */
export function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/(\p{N})[,.\u00a0\u202f' ](?=\p{N}{3}(?!\p{N}))/gu, '$1')
    .replace(/['’ʼ`]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function stringHash(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix32(h ^ s.length);
}

const TWO32 = 2 ** 32;

/**
 * The shingles of a text: each run of `size` consecutive words, hashed to 53
 * bits so sets of them compare exactly in practice (two shingles of texts
 * being compared collide with odds around 1e-10) without building strings.
 * A text shorter than one shingle is one shingle of all its words.
 */
export function shingleSet(text: string, size: number): Set<number> {
  const ws = words(text);
  const out = new Set<number>();
  if (ws.length === 0) return out;
  const a = new Uint32Array(ws.length);
  const b = new Uint32Array(ws.length);
  for (let i = 0; i < ws.length; i++) {
    a[i] = stringHash(ws[i], 0x811c9dc5);
    b[i] = stringHash(ws[i], 0x9747b28c);
  }
  const k = Math.min(size, ws.length);
  for (let i = 0; i + k <= ws.length; i++) {
    let h1 = 0x3c6ef372;
    let h2 = 0xa54ff53a;
    for (let j = i; j < i + k; j++) {
      h1 = Math.imul(h1 ^ a[j], 0x01000193) ^ (h1 >>> 15);
      h2 = Math.imul(h2 ^ b[j], 0x01000193) ^ (h2 >>> 15);
    }
    out.add((fmix32(h1) & 0x1fffff) * TWO32 + fmix32(h2));
  }
  return out;
}

// One seed per MinHash function, fixed forever: stored band keys depend on them.
const MAX_HASHES = 1024;
const SEEDS = (() => {
  const seeds = new Uint32Array(MAX_HASHES);
  let s = 0x2545f491;
  for (let i = 0; i < MAX_HASHES; i++) {
    s = (s + 0x9e3779b9) >>> 0;
    seeds[i] = fmix32(s);
  }
  return seeds;
})();

function checkSettings(settings: DuplicateSettings): number {
  const { numHashes, bands } = settings;
  if (numHashes > MAX_HASHES) throw new RangeError(`duplicates.numHashes is ${numHashes}; at most ${MAX_HASHES}`);
  if (bands < 1 || bands > numHashes) {
    throw new RangeError(`duplicates.bands (${bands}) must be between 1 and duplicates.numHashes (${numHashes})`);
  }
  return Math.floor(numHashes / bands);
}

/** MinHash signature of a shingle set: per hash function, the least hash of any shingle. */
export function signatureOf(shingles: Set<number>, numHashes: number): Uint32Array {
  const sig = new Uint32Array(numHashes).fill(0xffffffff);
  for (const s of shingles) {
    // The low 32 bits are the shingle's second, independent hash.
    const x = (s % TWO32) >>> 0;
    for (let i = 0; i < numHashes; i++) {
      let v = Math.imul(x ^ SEEDS[i], 0x9e3779b1);
      v ^= v >>> 15;
      v = Math.imul(v, 0x85ebca77);
      v = (v ^ (v >>> 13)) >>> 0;
      if (v < sig[i]) sig[i] = v;
    }
  }
  return sig;
}

export function minhash(text: string, settings: DuplicateSettings): Uint32Array {
  checkSettings(settings);
  return signatureOf(shingleSet(text, settings.shingleSize), settings.numHashes);
}

/**
 * One key per band: the band's rows hashed together with the band's number,
 * to 53 bits so unrelated keys practically never meet even with a billion
 * stored. Two texts share a key only when they agree on every row of a band.
 * A text with no words has no keys: only its exact hash can match it.
 */
export function bandKeys(signature: Uint32Array, settings: DuplicateSettings, empty = false): number[] {
  const rows = checkSettings(settings);
  if (empty) return [];
  const keys: number[] = [];
  for (let band = 0; band < settings.bands; band++) {
    let h1 = fmix32(band ^ 0x68e31da4);
    let h2 = fmix32(band ^ 0x1b56c4e9);
    for (let r = band * rows; r < (band + 1) * rows; r++) {
      h1 = fmix32(Math.imul(h1 ^ signature[r], 0x01000193) + r);
      h2 = fmix32(Math.imul(h2 ^ signature[r], 0x27d4eb2f) + r);
    }
    keys.push((h1 & 0x1fffff) * TWO32 + h2);
  }
  return keys;
}

/** The shingles, signature and band keys of a text, computed once per check. */
export interface Fingerprint {
  shingles: Set<number>;
  signature: Uint32Array;
  keys: number[];
}

export function fingerprint(text: string, settings: DuplicateSettings): Fingerprint {
  const shingles = shingleSet(text, settings.shingleSize);
  const signature = signatureOf(shingles, settings.numHashes);
  return { shingles, signature, keys: bandKeys(signature, settings, shingles.size === 0) };
}

export interface Likeness {
  /** Shared shingles over all shingles of the two. */
  jaccard: number;
  /** Shared shingles over the shingles of the shorter text: one that is the other cut, or padded. */
  containment: number;
}

export function likeness(a: Set<number>, b: Set<number>): Likeness {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return { jaccard: 0, containment: 0 };
  let shared = 0;
  for (const s of small) if (large.has(s)) shared++;
  return { jaccard: shared / (a.size + b.size - shared), containment: shared / small.size };
}

/** Whether a verified likeness makes a copy under the settings. */
export function isCopy(l: Likeness, settings: DuplicateSettings): boolean {
  return l.jaccard >= settings.threshold || l.containment >= settings.containment;
}

/** The one figure stored as a duplicate's similarity: whichever measure made it a copy, the higher. */
export function similarityOf(l: Likeness, settings: DuplicateSettings): number {
  if (l.containment >= settings.containment) return Math.max(l.jaccard, l.containment);
  return l.jaccard;
}
