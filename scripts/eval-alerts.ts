// npm run eval:alerts -- [--seed N] [--store postgres|embedded] [--set DIR] [--min-precision X] [--min-recall Y] [--json]
// Replays the alert-stream evaluation set (corpus/alerts-eval) through the
// pipeline on a fresh store seeded as the service seeds it, once in
// publication order and once in a shuffled arrival order, and scores the
// alerts raised against the expected ones. Exits 1 when either order is below
// a floor given, 2 on bad arguments or a failed run.
import { parseArgs } from 'node:util';
import {
  formatRun, publicationOrder, readStream, runJson, runOrder, shuffledOrder, STREAM_DIR, type StoreChoice,
} from '../src/alerts/eval-stream.js';

const usage = 'usage: npm run eval:alerts -- [--seed N] [--store postgres|embedded] [--set DIR] [--min-precision X] [--min-recall Y] [--json]';
let args;
try {
  args = parseArgs({
    options: {
      seed: { type: 'string', default: '1' },
      store: { type: 'string', default: 'postgres' },
      set: { type: 'string' },
      'min-precision': { type: 'string' },
      'min-recall': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  }).values;
} catch (err) {
  console.error(`${(err as Error).message}\n${usage}`);
  process.exit(2);
}

function fraction(name: string, v: string | undefined): number | null {
  if (v === undefined) return null;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 1) {
    console.error(`--${name} must be a number between 0 and 1, got ${v}`);
    process.exit(2);
  }
  return n;
}

const seed = Number(args.seed);
if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) {
  console.error(`--seed must be a whole number from 0 to ${2 ** 32 - 1}, got ${args.seed}`);
  process.exit(2);
}
if (args.store !== 'postgres' && args.store !== 'embedded') {
  console.error(`--store must be postgres or embedded, not ${args.store}`);
  process.exit(2);
}
const minPrecision = fraction('min-precision', args['min-precision']);
const minRecall = fraction('min-recall', args['min-recall']);
const choice: StoreChoice = { kind: args.store, adminUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' };

try {
  const articles = readStream(args.set ?? STREAM_DIR);
  const runs = [
    await runOrder(articles, publicationOrder(articles), { name: 'publication order', seed: null }, choice),
    await runOrder(articles, shuffledOrder(articles, seed), { name: 'shuffled arrival order', seed }, choice),
  ];
  if (args.json) {
    console.log(JSON.stringify({ set: args.set ?? STREAM_DIR, articles: articles.length, store: args.store, runs: runs.map(runJson) }, null, 2));
  } else {
    console.log(`${articles.length} articles from ${args.set ?? STREAM_DIR}; store: ${args.store}\n`);
    console.log(runs.map((r) => formatRun(r, articles)).join('\n\n'));
    console.log('\nsummary:');
    for (const r of runs) console.log(`  ${r.name.padEnd(24)} precision ${r.score.precision.toFixed(3)}  recall ${r.score.recall.toFixed(3)}`);
  }
  const failures = runs.flatMap((r) => [
    ...(minPrecision !== null && r.score.precision < minPrecision ? [`${r.name}: precision ${r.score.precision.toFixed(3)} < ${minPrecision}`] : []),
    ...(minRecall !== null && r.score.recall < minRecall ? [`${r.name}: recall ${r.score.recall.toFixed(3)} < ${minRecall}`] : []),
  ]);
  if (failures.length) {
    console.error(`below the floor: ${failures.join('; ')}`);
    process.exit(1);
  }
} catch (err) {
  console.error((err as Error).stack ?? String(err));
  process.exit(2);
}
