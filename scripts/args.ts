// Command-line helpers shared by the evaluation scripts.

/** A --min-… floor: a number from 0 to 1, or null when not given; anything else exits 2 with one line. */
export function floorArg(name: string, v: string | undefined): number | null {
  if (v === undefined) return null;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 1) {
    console.error(`--${name} must be a number between 0 and 1, got ${v}`);
    process.exit(2);
  }
  return n;
}
