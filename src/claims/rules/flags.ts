// Why a claim is less than sure: what the rules saw while reading its
// figure, as the stable codes of src/claims/confidence.ts.
import type { ClaimFlag } from '../confidence.js';
import type { Figure, Reading, SourceFrom } from './types.js';

/** What the extractor saw while reading one figure, as flags (see src/claims/confidence.ts). */
export function readingFlags(seen: { fig: Figure; r: Reading; sourceFrom: SourceFrom; statusCue: boolean; statusTie: boolean; whole?: boolean; ownerRead?: boolean }): ClaimFlag[] {
  const { fig, r } = seen;
  const flags: ClaimFlag[] = [];
  if (fig.unusual) flags.push('unusual_number_form');
  if (fig.vague) flags.push('vague_figure');
  else if (!fig.hasDigits) flags.push('number_in_words');
  if (r.via === 'left') flags.push('noun_from_context');
  else if (r.distance > 3 || r.farLoss) flags.push('far_from_noun');
  if (seen.sourceFrom === 'none') flags.push('no_source');
  else if (seen.sourceFrom !== 'sentence') flags.push('source_from_context');
  if (!seen.statusCue || seen.statusTie) flags.push('ambiguous_status');
  if (seen.ownerRead === false) flags.push('owner_inferred');
  if (seen.whole) flags.push('marked_whole');
  return flags;
}
