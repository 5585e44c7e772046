// npm run eval:dedupe [-- --store embedded|postgres] [--sweep]
// Precision and recall of the duplicate check on the labelled pairs in
// corpus/dedupe, run through storeArticle on a store of its own: a temporary
// embedded one, or a fresh database on the PostgreSQL server at DATABASE_URL
// (default postgres://postgres@127.0.0.1:5432/test), dropped afterwards.
// The duplicates settings are the configured ones (defaults, claimwatch.yaml,
// DUPLICATES_* variables), so other thresholds can be tried the same way.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, makeConfig } from '../src/config.js';
import { evaluateDedupe, loadPairs, sweep, type Evaluation } from '../eval/dedupe.js';
import { openStore, type Store } from '../src/store/db.js';
import { createScratchDatabase } from '../src/store/scratch.js';

const { values: args } = parseArgs({
  options: {
    store: { type: 'string', default: 'embedded' },
    sweep: { type: 'boolean', default: false },
  },
});
if (args.store !== 'embedded' && args.store !== 'postgres') {
  console.error(`--store must be embedded or postgres, not ${args.store}`);
  process.exit(2);
}

const settings = loadConfig().duplicates;
const dataDir = mkdtempSync(join(tmpdir(), 'cw-eval-dedupe-'));
let store: Store | undefined;
let dropDatabase = async () => {};
try {
  if (args.store === 'postgres') {
    const database = await createScratchDatabase(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', `cw_eval_dedupe_${process.pid}`);
    dropDatabase = database.drop;
    const url = database.url;
    store = await openStore(makeConfig({ dataDir, databaseUrl: url }));
  } else {
    store = await openStore(makeConfig({ dataDir }));
  }
  const set = loadPairs();
  const result: Evaluation = await evaluateDedupe(store.db, settings, set);
  const pct = (x: number) => x.toFixed(3);
  console.log(`settings: shingles of ${settings.shingleSize} words, ${settings.numHashes} hashes in ${settings.bands} bands, ` +
    `Jaccard >= ${settings.threshold} or containment >= ${settings.containment}`);
  console.log(`store: ${args.store}; ${set.pairs.length} pairs (${result.truePositives + result.falseNegatives} copies, ` +
    `${result.falsePositives + result.trueNegatives} distinct)`);
  console.log('');
  console.log('kind            label     pairs  right  min J  max J  min C  max C');
  const kinds = [...new Set(result.outcomes.map((o) => `${o.pair.kind}|${o.pair.label}`))];
  for (const key of kinds) {
    const [kind, label] = key.split('|');
    const os = result.outcomes.filter((o) => o.pair.kind === kind && o.pair.label === label);
    const right = os.filter((o) => o.predicted === (label === 'copy')).length;
    const j = os.map((o) => o.likeness.jaccard);
    const c = os.map((o) => o.likeness.containment);
    console.log(`${kind.padEnd(15)} ${label.padEnd(9)} ${String(os.length).padStart(5)}  ${String(right).padStart(5)}  ` +
      `${pct(Math.min(...j))}  ${pct(Math.max(...j))}  ${pct(Math.min(...c))}  ${pct(Math.max(...c))}`);
  }
  console.log('');
  console.log(`precision ${pct(result.precision)}  recall ${pct(result.recall)}  ` +
    `(true positives ${result.truePositives}, false positives ${result.falsePositives}, ` +
    `false negatives ${result.falseNegatives}, true negatives ${result.trueNegatives})`);
  if (result.errors.length) {
    console.log('\nerrors:');
    for (const e of result.errors) {
      console.log(`  ${e.pair.id} ${e.pair.label} ${e.pair.kind}: ${e.pair.a} -> ${e.pair.b}: stored ${e.result.status}` +
        `${e.result.duplicateOf !== null ? ` of ${e.result.duplicateOf}` : ''}; Jaccard ${pct(e.likeness.jaccard)}, ` +
        `containment ${pct(e.likeness.containment)}, ${e.sharedBands} shared bands (${e.pair.note})`);
    }
  } else {
    console.log('errors: none');
  }
  if (args.sweep) {
    console.log('\nverification alone at other thresholds (precision / recall):');
    const containments = [0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.01];
    console.log(`Jaccard \\ containment  ${containments.map((c) => (c > 1 ? 'off' : String(c)).padStart(11)).join('')}`);
    for (const t of [0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6]) {
      const row = sweep(result.outcomes, [t], containments, settings);
      console.log(`${String(t).padEnd(22)} ${row.map((p) => `${p.precision.toFixed(2)}/${p.recall.toFixed(2)}`.padStart(11)).join('')}`);
    }
  }
  process.exitCode = result.precision >= 0.95 && result.recall >= 0.95 ? 0 : 1;
} finally {
  await store?.close();
  await dropDatabase();
  rmSync(dataDir, { recursive: true, force: true });
}
