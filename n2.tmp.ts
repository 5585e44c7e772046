import { extractClaims } from './src/claims/extract.ts';
import { loadWatchFile } from './src/claims/watch.ts';
const w = loadWatchFile('corpus/watches/examples/earthquake-toll.yaml');
const rows: [string,string][] = [
 ['en','The earthquake struck at dawn.\n12 people were killed and 40 injured, officials said.'],
 ['en','The earthquake struck at dawn.\nSome 300 people gathered in the square.'],
 ['en','The earthquake struck at dawn.\nThe town has 25,000 residents.'],
 ['en','Since the earthquake began in April, 300 people died.'],
 ['de','Nach dem Erdbeben werden noch 200 Menschen vermisst.'],
 ['fr','Le séisme a fait 300 morts et 1 200 blessés.'],
 ['es','El terremoto causó 300 muertos y 1.200 heridos.'],
 ['en','The earthquake killed 300 people, including 120 children.'],
 ['en','The earthquake death toll rose to 300, including 120 deaths in Port Vell.'],
];
for (const [l,t] of rows) console.log(l, t.replace(/\n/g,' / '), '=>', JSON.stringify(extractClaims(t,w,{lang:l, published:'2026-03-10'}).claims.map(c=>[c.measure,c.low,c.high,c.qualifier,c.status,c.scope])));
