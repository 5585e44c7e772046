// npx tsx scripts/check-gold-offsets.ts GOLD_FILE... 
// Checks that every gold claim's evidence quote is exactly the stored text
// between its offsets (JavaScript string offsets, as the extractor reports
// them), so a gold set written by hand cannot drift from its texts.
import { readFileSync } from 'node:fs';
import { readGoldSet, resolveText } from '../eval/claims.js';

const files = process.argv.slice(2);
if (!files.length) {
  console.error('usage: npx tsx scripts/check-gold-offsets.ts GOLD_FILE...');
  process.exit(2);
}
let bad = 0;
for (const goldFile of files) {
  const gold = readGoldSet(goldFile);
  let claims = 0;
  for (const article of gold.articles) {
    const text = readFileSync(resolveText(goldFile, article.file), 'utf8');
    for (const c of article.claims) {
      claims++;
      const { quote, start, end } = c.evidence;
      if (text.slice(start, end) !== quote) {
        bad++;
        console.error(`${goldFile} ${article.file}: ${c.measure} ${c.low}-${c.high}: text[${start}:${end}] is "${text.slice(start, end)}", not "${quote}"`);
      }
    }
  }
  console.log(`${goldFile}: ${gold.articles.length} articles, ${claims} claims, offsets checked`);
}
process.exit(bad ? 1 : 0);
