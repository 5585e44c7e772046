// npm run eval:alerts -- [--seed N] [--order both|publication|shuffled] [--show ID,...] [--store postgres|embedded] [--set DIR]
//                        [--min-precision X] [--min-recall Y] [--json]
// Replays the alert-stream evaluation sets (corpus/alerts-eval, the seed
// story, on a store seeded as the service seeds it; corpus/alerts-eval2, the
// civilian toll, with its own watch and no seeds), or the one set given with
// --set, once in publication order and once in a shuffled arrival order, and
// scores the alerts raised against the expected ones (and the claims, for a
// set that tags them). Exits 1 when any run is below a floor given, 2 on bad
// arguments or a failed run.
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import {
  DEFAULT_SETS, formatRun, publicationOrder, readSet, runJson, runOrder, shuffledOrder, type OrderRun, type StoreChoice,
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
  // Every set is read (and its watch loaded) before the first replay, so a bad one fails at once.
  const sets = (args.set ? [args.set] : DEFAULT_SETS.map((d) => relative(process.cwd(), d) || d)).map(readSet);
  const show = args.show ? args.show.split(',').map((id) => id.trim()).filter(Boolean) : [];
  const unknown = show.filter((id) => !sets.some((set) => set.articles.some((a) => a.id === id)));
  if (unknown.length) throw new Error(`--show: no article ${unknown.join(', ')} in ${sets.length > 1 ? 'the sets' : 'the set'}`);
  const results: { set: (typeof sets)[number]; runs: OrderRun[] }[] = [];
  for (const set of sets) {
    const { articles, watchFile } = set;
    const runs: OrderRun[] = [];
    if (args.order !== 'shuffled') runs.push(await runOrder(articles, publicationOrder(articles), { name: 'publication order', seed: null }, choice, watchFile));
    if (args.order !== 'publication') runs.push(await runOrder(articles, shuffledOrder(articles, seed), { name: 'shuffled arrival order', seed }, choice, watchFile));
    results.push({ set, runs });
  }
  if (args.json) {
    const json = results.map(({ set, runs }) => ({ set: set.dir, watch: set.watchFile, articles: set.articles.length, store: args.store, runs: runs.map(runJson) }));
    console.log(JSON.stringify(args.set ? json[0] : { sets: json }, null, 2));
  } else {
    for (const { set, runs } of results) {
      const ids = new Set(set.articles.map((a) => a.id));
      console.log(`══ ${set.articles.length} articles from ${set.dir}; ${set.watchFile ? `watch ${set.watchFile}, no seeds` : 'the shipped watch, after the seeds'}; store: ${args.store}\n`);
      console.log(runs.map((r) => formatRun(r, set.articles, show.filter((id) => ids.has(id)))).join('\n\n'));
      console.log('');
    }
    console.log('summary:');
    for (const { set, runs } of results) {
      for (const r of runs) {
        const claims = r.claimsScore ? `  claims F1 ${r.claimsScore.overall.f1.toFixed(3)}` : '';
        console.log(`  ${set.dir.padEnd(22)} ${r.name.padEnd(24)} precision ${r.score.precision.toFixed(3)}  recall ${r.score.recall.toFixed(3)}${claims}`);
      }
    }
  }
  const runs = results.flatMap(({ set, runs: rs }) => rs.map((r) => ({ ...r, name: `${set.dir} ${r.name}` })));
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
