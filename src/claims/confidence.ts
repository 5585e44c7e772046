// How sure the extractor is of a claim, and why not more. Every doubt it has
// about a figure is a flag with a short stable code, stored with the claim;
// the confidence is what is left of a clean reading once each flag has taken
// its share. The alerts side holds a departure for review when the confidence
// is below the watch's threshold or a flag says the figure's number form was
// unusual, so the codes are a contract: add codes, never rename one.

export const CLAIM_FLAGS = {
  /** "25-thousand", "11,000" in a Spanish text, "2.700" in an English one, "12k": read, but a misreading is off by a factor of 1,000. */
  unusual_number_form: 0.3,
  /** "twelve thousand", "doce mil": written in words. */
  number_in_words: 0.05,
  /** "thousands", "tens of thousands": a band, not a figure. */
  vague_figure: 0.1,
  /** The noun or loss word that says what the figure counts is more than three words away, or past a clause. */
  far_from_noun: 0.15,
  /** A bare figure ("the 11,000 who arrived"): what it counts was taken from earlier in the sentence or the sentence before. */
  noun_from_context: 0.25,
  /** No attribution in the sentence, its neighbours or the headline. */
  no_source: 0.1,
  /** The attribution was borrowed from a neighbouring sentence or the headline. */
  source_from_context: 0.05,
  /** Whether the figure is the whole or a part was inferred from other figures near it, not read in its own words. */
  ambiguous_scope: 0.25,
  /** No word near the figure says whether it has happened or is planned (read as present), or both kinds do at the same distance. */
  ambiguous_status: 0.05,
  /** Whose figure it is was not read in the figure's own clause (a noun modifier, or the clause's subject) but inferred from the article's topic: its departure is held for review. */
  owner_inferred: 0.1,
  /** Not a doubt but a mark: the text says the figure is the whole ("in total", "overall", "the war has killed N", "the total number") or denies more ("no more than", "only N"). A departure below the consensus is posted only with it. */
  marked_whole: 0,
} as const;

export type ClaimFlag = keyof typeof CLAIM_FLAGS;

/** A clean reading: digits, the noun next to the figure, a source named in its sentence, its scope and status in its own words. */
export const CLEAN_CONFIDENCE = 0.95;
export const MIN_CONFIDENCE = 0.3;

/** The claim's confidence from its flags: 0.95 less each flag's share, never below 0.3. */
export function confidenceOf(flags: readonly ClaimFlag[]): number {
  let c = CLEAN_CONFIDENCE;
  for (const f of new Set(flags)) c -= CLAIM_FLAGS[f];
  return Math.round(Math.max(MIN_CONFIDENCE, Math.min(CLEAN_CONFIDENCE, c)) * 100) / 100;
}

/** Flags in a stable order (the order of CLAIM_FLAGS), each once. */
export function sortFlags(flags: Iterable<ClaimFlag>): ClaimFlag[] {
  const set = new Set(flags);
  return (Object.keys(CLAIM_FLAGS) as ClaimFlag[]).filter((f) => set.has(f));
}
