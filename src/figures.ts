// How a person writes a figure that was computed rather than reported: a
// consensus centre of 19,115.49 is "about 19,000" on the dashboard, in alert
// texts and in webhook message text. Machine fields (JSON values, data-*
// attributes) keep the exact number; reported figures are shown as reported.

const bySignificance = new Map<number, Intl.NumberFormat>();

/** A computed figure rounded as a person writes it: two significant digits by default ("19,000", "4,700", "0.35"). */
export function roundedFigure(n: number, digits = 2): string {
  if (!Number.isFinite(n)) return '–';
  // Below 100 a person still writes whole numbers ("about 40"), not "about 43.7".
  const d = Math.abs(n) >= 1 && Math.abs(n) < 10 ** digits ? Math.max(1, Math.floor(Math.log10(Math.abs(n))) + 1) : digits;
  let f = bySignificance.get(d);
  if (!f) bySignificance.set(d, (f = new Intl.NumberFormat('en-US', { maximumSignificantDigits: d })));
  return f.format(n);
}

/** "about 19,000" for a computed figure; a whole number it lands on exactly is written as it is. */
export function aboutFigure(n: number, digits = 2): string {
  const r = roundedFigure(n, digits);
  return Number.isInteger(n) && r === new Intl.NumberFormat('en-US').format(n) ? r : `about ${r}`;
}

/** A computed range ("10,000–12,000"), each end rounded; one figure when both ends round alike. */
export function roundedRange(low: number, high: number, digits = 2): string {
  const a = roundedFigure(low, digits);
  const b = roundedFigure(high, digits);
  return a === b ? a : `${a}–${b}`;
}
