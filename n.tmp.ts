import { extractClaims } from './src/claims/extract.ts';
import { loadWatchFile } from './src/claims/watch.ts';
const w = loadWatchFile('corpus/watches/examples/earthquake-toll.yaml');
const rows: [string,string][] = [
 ['en','The earthquake killed at least 300 people, the civil protection agency said.'],
 ['en','At least 300 people were killed in the earthquake and 1,200 were injured, officials said.'],
 ['en','In the earthquake, 40 people were injured.'],
 ['en','The quake killed 120 civilians in Port Vell alone.'],
 ['en','The death toll of the earthquake rose to 2,400, the health ministry said.'],
 ['en','More than 500 people were killed by the quake between 3 and 9 March.'],
 ['en','More than 500 people were killed in the war between the army and the militia before the quake.'],
 ['en','The earthquake killed 300 people and injured 1,500 others.'],
 ['en','About 200 people are still missing after the earthquake.'],
 ['en','The quake has left 150,000 people homeless, OCHA said.'],
 ['en','At least 80 people were killed or injured in the earthquake.'],
 ['de','Bei dem Erdbeben wurden mindestens 300 Menschen getötet, teilte der Zivilschutz mit.'],
 ['de','Bei dem Erdbeben wurden 1.200 Menschen verletzt.'],
 ['fr','Le séisme a fait au moins 300 morts, selon la protection civile.'],
 ['fr','Au moins 300 personnes ont été tuées dans le séisme.'],
 ['fr','Quelque 1 200 personnes ont été blessées par le séisme.'],
 ['es','Al menos 300 personas murieron en el terremoto, según Protección Civil.'],
 ['es','El terremoto dejó 1.200 personas heridas.'],
 ['es','El sismo mató a 300 personas.'],
 ['es','El terremoto ha dejado dos millones 400 mil desplazados.'],
];
for (const [l,t] of rows) console.log(l, t, '=>', JSON.stringify(extractClaims(t,w,{lang:l, published:'2026-03-10'}).claims.map(c=>[c.measure,c.low,c.high,c.qualifier,c.status,c.scope])));
