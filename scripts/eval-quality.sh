#!/bin/bash
# Prints every claims quality figure in one go (npm run eval:quality): the seeds, the gold and
# held-out sets (en, de, fr, es and all languages), the nine i18n gold sets, both alert streams.
# Run from the repository root.
set -u
echo "seeds:                  $(npm run -s eval:claims -- --gold corpus/seed-claims.json 2>&1 | grep -iE 'overall|^all' | head -1)"
echo "gold, en de fr es:      $(npm run -s eval:claims -- --gold corpus/gold/gold-claims.json --langs en,de,fr,es 2>&1 | grep -iE 'overall|^all' | head -1)"
echo "gold, all languages:    $(npm run -s eval:claims -- --gold corpus/gold/gold-claims.json 2>&1 | grep -iE 'overall|^all' | head -1)"
echo "held-out, en de fr es:  $(npm run -s eval:claims -- --gold corpus/gold/holdout/holdout-claims.json --langs en,de,fr,es 2>&1 | grep -iE 'overall|^all' | head -1)"
echo "held-out, all languages: $(npm run -s eval:claims -- --gold corpus/gold/holdout/holdout-claims.json 2>&1 | grep -iE 'overall|^all' | head -1)"
for l in ru uk ko ja zh pt it pl cs; do echo "i18n $l: $(npm run -s eval:claims -- --gold corpus/gold/i18n/$l/gold-claims.json --texts corpus/gold/i18n/$l 2>&1 | grep -iE 'overall|^all' | head -1)"; done
echo "alert streams (seed 1), each set and order:"
npm run -s eval:alerts -- --seed 1 2>&1 | sed -n '/^summary:/,$p' | tail -n +2
