// npm run eval:alerts -- [--seed N] [--order both|publication|shuffled] [--show ID,...] [--store postgres|embedded] [--set DIR]
//                        [--min-precision X] [--min-recall Y] [--json]
// Replays the alert-stream evaluation set (corpus/alerts-eval) through the
// pipeline on a fresh store seeded as the service seeds it, once in
// publication order and once in a shuffled arrival order, and scores the
// alerts raised against the expected ones. Exits 1 when either order is below
// a floor given, 2 on bad arguments or a failed run.
import { parseArgs } from 'node:util';
import {
  formatRun, publicationOrder, readStream, runJson, runOrder, shuffledOrder, STREAM_DIR, type StoreChoice,
} from '../eval/alerts-stream.js';
import { floorArg } from './args.js';

const usage = 'usage: npm run eval:alerts -- [--seed N] [--order both|publication|shuffled] [--show ID,...] [--store postgres|embedded] [--set DIR] [--min-precision X] [--min-recall Y] [--json]';
let args;
try {
  args = parseArgs({
    options: {
      seed: { type: 'string', default: '1' },
      order: { type: 'string', default: 'both' },
      show: { type: 'string' },
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

const seed = Number(args.seed);
if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) {
  console.error(`--seed must be a whole number from 0 to ${2 ** 32 - 1}, got ${args.seed}`);
  process.exit(2);
}
if (args.store !== 'postgres' && args.store !== 'embedded') {
  console.error(`--store must be postgres or embedded, not ${args.store}`);
  process.exit(2);
}
if (!['both', 'publication', 'shuffled'].includes(args.order)) {
  console.error(`--order must be both, publication or shuffled, not ${args.order}`);
  process.exit(2);
}
const minPrecision = floorArg('min-precision', args['min-precision']);
const minRecall = floorArg('min-recall', args['min-recall']);
const choice: StoreChoice = {
  kind: args.store,
  adminUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  redisUrl: process.env.REDIS_URL || undefined,
};

try {
  const articles = readStream(args.set ?? STREAM_DIR);
  const show = args.show ? args.show.split(',').map((id) => id.trim()).filter(Boolean) : [];
  const unknown = show.filter((id) => !articles.some((a) => a.id === id));
  if (unknown.length) throw new Error(`--show: no article ${unknown.join(', ')} in the set`);
  const runs = [];
  if (args.order !== 'shuffled') runs.push(await runOrder(articles, publicationOrder(articles), { name: 'publication order', seed: null }, choice));
  if (args.order !== 'publication') runs.push(await runOrder(articles, shuffledOrder(articles, seed), { name: 'shuffled arrival order', seed }, choice));
  if (args.json) {
    console.log(JSON.stringify({ set: args.set ?? STREAM_DIR, articles: articles.length, store: args.store, runs: runs.map(runJson) }, null, 2));
  } else {
    console.log(`${articles.length} articles from ${args.set ?? STREAM_DIR}; store: ${args.store}\n`);
    console.log(runs.map((r) => formatRun(r, articles, show)).join('\n\n'));
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
  // One line for a bad set or argument; the stack too when asked (DEBUG=1), for a failing pipeline step.
  console.error(process.env.DEBUG ? (err as Error).stack ?? String(err) : (err as Error).message);
  process.exit(2);
}
