// npm run eval:claims -- --gold FILE [--texts DIR] [--watch FILE] [--min-recall X] [--min-precision Y] [--langs en,de] [--json]
// Scores the extractor on claims tagged by hand; exits 1 below the thresholds.
import { parseArgs } from 'node:util';
import { loadWatches } from '../src/claims/index.js';
import { evaluate, formatReport } from '../eval/claims.js';
import { floorArg } from './args.js';

const { values } = parseArgs({
  options: {
    gold: { type: 'string' },
    texts: { type: 'string' },
    watch: { type: 'string' },
    'min-recall': { type: 'string' },
    'min-precision': { type: 'string' },
    langs: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

if (!values.gold) {
  console.error('usage: npm run eval:claims -- --gold FILE [--texts DIR] [--watch FILE] [--min-recall X] [--min-precision Y] [--langs en,de] [--json]');
  process.exit(2);
}
const minRecall = floorArg('min-recall', values['min-recall']);
const minPrecision = floorArg('min-precision', values['min-precision']);
try {
  const watches = loadWatches(values.watch ? [values.watch] : undefined);
  const goldWatch = (await import('../eval/claims.js')).readGoldSet(values.gold).watch;
  const watch = watches.find((w) => w.id === goldWatch);
  if (!watch) throw new Error(`no watch "${goldWatch}" loaded for ${values.gold}`);
  const report = evaluate(values.gold, watch, { textsDir: values.texts, langs: values.langs?.split(',').map((l) => l.trim()).filter(Boolean) });
  console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
  const failures: string[] = [];
  if (minRecall !== null && report.overall.recall < minRecall) failures.push(`recall ${report.overall.recall.toFixed(3)} < ${minRecall}`);
  if (minPrecision !== null && report.overall.precision < minPrecision) failures.push(`precision ${report.overall.precision.toFixed(3)} < ${minPrecision}`);
  if (failures.length) {
    console.error(`below threshold: ${failures.join(', ')}`);
    process.exit(1);
  }
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
