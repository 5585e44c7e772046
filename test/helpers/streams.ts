import type { OrderRun } from '../../eval/alerts-stream.js';

/** A replayed order's score with each false and missed alert, as a floor test's failure message. */
export function runSummary(run: OrderRun): string {
  const s = run.score;
  return [
    `${run.name}: precision ${s.precision.toFixed(3)}, recall ${s.recall.toFixed(3)}`,
    ...s.falseAlerts.map((f) => `  false: ${JSON.stringify(f)}`),
    ...s.missed.map((m) => `  missed: ${JSON.stringify(m)}`),
  ].join('\n');
}
