// rules/scope.ts, issue 19: whole or part by the figure's own clause
// (rules/tokens.ts, clauseOf). A row is a language, a sentence, the watch it
// is read with (the seed story's, or a growing toll of civilians killed) and,
// for each counted figure, what its clause says: the kind of part it makes
// it (period, time, cause, place, event, batch, arrival), "whole" (a totality cue
// or a denial of more), or "-" (neither). The rows with "-" are the negatives:
// the same cues outside the figure's clause, or none.
import { describe, expect, it } from 'vitest';
import { extractClaims, type Watch } from '../../src/claims/index.js';
import { markedWhole, partByClause } from '../../src/claims/rules/scope.js';
import { clauseAt, parse, readAll, tollWatch, watch } from '../helpers/rules.js';

function extent(lang: string, text: string, w: Watch = watch): string[] {
  const p = parse(lang, text, undefined, w);
  return readAll(p).flatMap(({ fig, r, a }, i) => {
    if (!r || !a) return [];
    const clause = clauseAt(p, i, r, a);
    return [partByClause(p.c, p.tokens, clause, fig, r.measure) ?? (markedWhole(p.c, p.tokens, clause, fig, a) ? 'whole' : '-')];
  });
}

describe('the seed story: parts and wholes in the figure\'s clause', () => {
  it.each<[string, string, string[]]>([
    // One period, cause, event, place, batch; the arrivals expected somewhere by a date.
    ['en', 'In July alone, 300 North Korean soldiers were killed or wounded.', ['period']],
    ['en', 'Over the past month, about 1,000 North Korean soldiers were killed or wounded.', ['period']],
    ['en', 'About 100 North Korean soldiers were killed or wounded by landmines.', ['cause']],
    ['en', 'Some 25 North Korean soldiers were killed or wounded in a single strike on their base.', ['event']],
    ['en', 'About 200 North Korean soldiers were killed or wounded in the town of Sudzha.', ['place']],
    ['en', 'A batch of 3,000 North Korean troops arrived in Vladivostok.', ['batch']],
    ['en', 'Some 2,000 North Korean soldiers sent over the winter are now in Kursk.', ['batch']],
    ['en', 'Up to 5,000 North Korean troops are expected to arrive in Kursk by the end of the month.', ['arrival']],
    ['en', 'Up to 5,000 North Korean troops are expected to arrive in Kursk by December.', ['arrival']],
    // The whole: a totality cue, a denial.
    ['en', 'In total, 4,000 North Korean soldiers have been killed or wounded.', ['whole']],
    ['en', 'Only 300 North Korean soldiers were killed or wounded, Seoul said.', ['whole']],
    ['en', 'In total, 11,000 North Korean troops are in Russia, and 300 of them were killed last week.', ['whole', 'time']],
    // A time before the figure dates the words that report it, unless a comma sets it off.
    ['en', 'Last week, 300 North Korean soldiers were killed or wounded.', ['time']],
    ['en', 'The spokeswoman, who last week spoke of at least 3,000 North Korean troops, said more had come.', ['-']],
    // Negatives: the cue in the attribution's clause, none at all, no deadline, "only" not on the figure.
    ['en', 'Officials said last week that 11,000 North Korean troops are in Russia.', ['-']],
    ['en', 'About 11,000 North Korean troops have been deployed to the Kursk region.', ['-']],
    ['en', 'North Korea alone has sent 11,000 troops to Russia.', ['-']],
    ['en', 'Up to 5,000 North Korean troops are expected to arrive in Kursk.', ['-']],
    ['en', 'North Korea has sent 11,000 troops, and only a few have fought.', ['-']],
    ['de', 'Allein im Juli wurden 300 nordkoreanische Soldaten getötet oder verwundet.', ['period']],
    ['de', 'Im vergangenen Monat wurden 300 nordkoreanische Soldaten getötet oder verwundet.', ['period']],
    ['de', 'Etwa 100 nordkoreanische Soldaten wurden durch Landminen getötet oder verwundet.', ['cause']],
    ['de', 'Insgesamt seien 4.000 nordkoreanische Soldaten getötet oder verwundet worden.', ['whole']],
    ['de', 'Nur 300 nordkoreanische Soldaten seien getötet oder verwundet worden.', ['whole']],
    ['de', 'Nordkorea hat 11.000 Soldaten nach Russland geschickt.', ['-']],
    ['fr', 'La semaine dernière, 300 soldats nord-coréens ont été tués ou blessés.', ['time']],
    ['fr', 'Environ 25 soldats nord-coréens ont été tués ou blessés dans une frappe sur leur base.', ['event']],
    ['fr', 'Au total, 4 000 soldats nord-coréens ont été tués ou blessés.', ['whole']],
    ['fr', 'Seulement 300 soldats nord-coréens ont été tués ou blessés.', ['whole']],
    ['fr', 'La Corée du Nord a envoyé 10 000 soldats en Russie, selon Séoul.', ['-']],
    ['es', 'La semana pasada, 300 soldados norcoreanos murieron o resultaron heridos.', ['time']],
    ['es', 'En total, 4.000 soldados norcoreanos han muerto o resultado heridos.', ['whole']],
    ['es', 'Solo 300 soldados norcoreanos han muerto o resultado heridos.', ['whole']],
    ['es', 'Corea del Norte ha enviado 10.000 soldados a Rusia, según Seúl.', ['-']],
    ['ru', 'За последний месяц погибли 300 северокорейских военных.', ['period']],
    ['ru', 'Всего в Россию направлено 11 тысяч северокорейских военных.', ['whole']],
    ['ru', 'Лишь 300 северокорейских военных погибли или были ранены.', ['whole']],
    ['ru', 'КНДР отправила в Россию 11 тысяч военнослужащих.', ['-']],
    ['uk', 'За останній тиждень загинули 300 північнокорейських військових.', ['period']],
    ['uk', 'Загинули 300 північнокорейських військових минулого тижня.', ['time']],
    ['uk', 'Загалом до Росії відправили 11 тисяч північнокорейських військових.', ['whole']],
    ['uk', 'Лише 300 північнокорейських військових загинули або були поранені.', ['whole']],
    ['ko', '지난주 북한군 300명이 사망했다.', ['period']],
    ['ko', '북한군 총 1만1000명이 러시아에 파병됐다.', ['whole']],
    ['ko', '북한군 사상자는 300명에 불과하다.', ['whole']],
    ['ko', '장교 500명과 장성 3명이 러시아에 파견됐다.', ['-', '-']],
    ['ja', '先週、北朝鮮兵300人が死亡した。', ['period']],
    ['ja', '北朝鮮は合計1万1000人の兵士をロシアに派遣した。', ['whole']],
    ['zh', '上周有300名朝鲜士兵死亡。', ['period']],
    ['zh', '朝鲜共计向俄罗斯派遣1.1万名士兵。', ['whole']],
    ['zh', '仅有300名朝鲜士兵伤亡。', ['whole']],
    ['zh', '朝鲜已向俄罗斯派遣1.2万名士兵。', ['-']],
    ['pt', 'Na semana passada, 300 soldados norte-coreanos morreram.', ['time']],
    ['pt', 'No total, 11.000 soldados norte-coreanos foram enviados à Rússia.', ['whole']],
    ['pt', 'Apenas 300 soldados norte-coreanos morreram ou ficaram feridos.', ['whole']],
    ['it', 'Nell\'ultima settimana sono morti 300 soldati nordcoreani.', ['period']],
    ['it', 'La portavoce, che la settimana scorsa parlava di almeno 3.000 soldati nordcoreani, ha detto di più.', ['-']],
    ['it', 'In totale, 11.000 soldati nordcoreani sono stati inviati in Russia.', ['whole']],
    ['it', 'Soltanto 300 soldati nordcoreani sono morti o feriti.', ['whole']],
    ['pl', 'W ostatnim tygodniu zginęło 300 północnokoreańskich żołnierzy.', ['period']],
    ['pl', 'Łącznie do Rosji trafiło 11 tys. północnokoreańskich żołnierzy.', ['whole']],
    ['pl', 'Tylko 300 północnokoreańskich żołnierzy zginęło lub zostało rannych.', ['whole']],
    ['cs', 'Za poslední týden padlo 300 severokorejských vojáků.', ['period']],
    ['cs', 'Celkem do Ruska odjelo 11 tisíc severokorejských vojáků.', ['whole']],
    ['cs', 'Pouze 300 severokorejských vojáků padlo nebo bylo zraněno.', ['whole']],
  ])('%s: %s', (lang, text, expected) => {
    expect(extent(lang, text)).toEqual(expected);
  });
});

describe('a growing toll: the whole count and its parts', () => {
  it.each<[string, string, string[]]>([
    ['en', 'The war has killed at least 12,000 civilians in Ukraine, the UN says.', ['whole']],
    ['en', 'A toll of 12,000 civilians in Ukraine was reported by the UN.', ['whole']],
    ['en', 'The total number of civilians killed in Ukraine has passed 12,000.', ['whole']],
    ['en', 'About 100 Ukrainian civilians were killed by landmines.', ['cause']],
    ['en', 'At least 25 civilians were killed in a missile strike on Kharkiv in Ukraine.', ['event']],
    // The noun's own relative clause is the figure's.
    ['en', 'UN monitors said that 300 civilians who died in the strike on Kharkiv were Ukrainian.', ['event']],
    ['en', 'At least 12,000 civilians have been killed in Ukraine, the UN says.', ['-']],
    ['en', 'Officials said last week that 12,000 Ukrainian civilians have died.', ['-']],
    ['de', 'Seit Beginn des Krieges sind in der Ukraine mindestens 12.000 Zivilisten getötet worden.', ['whole']],
    ['de', 'Allein im Juli wurden 300 Zivilisten in der Ukraine getötet.', ['period']],
    ['de', 'In der Ukraine sind mindestens 12.000 Zivilisten getötet worden.', ['-']],
    ['fr', 'Au total, au moins 12 000 civils ont été tués en Ukraine.', ['whole']],
    ['fr', 'Le mois dernier, 300 civils ont été tués en Ukraine.', ['time']],
    ['fr', 'Au moins 12 000 civils ont été tués en Ukraine.', ['-']],
    ['es', 'En total, al menos 12.000 civiles han muerto en Ucrania.', ['whole']],
    ['es', 'En el último mes murieron 300 civiles en Ucrania.', ['period']],
    ['es', 'Al menos 12.000 civiles han muerto en Ucrania.', ['-']],
    // One event or one town with words between; a month or a year after the figure of a count that only grows.
    ['en', 'At least 25 Ukrainian civilians were killed in a Russian missile strike on a market.', ['event']],
    ['en', 'At least 25 Ukrainian civilians were killed in the eastern city of Kostiantynivka.', ['place']],
    ['en', '300 Ukrainian civilians have been killed in Kharkiv, the governor said.', ['place']],
    ['en', 'At least 300 Ukrainian civilians were killed in July, the UN said.', ['period']],
    ['en', 'At least 2,000 Ukrainian civilians were killed in 2024.', ['period']],
    ['en', 'At least 12,000 Ukrainian civilians have been killed in Russian attacks.', ['-']],
    ['en', 'At least 6,000 Ukrainian civilians have been killed in the Donetsk region.', ['-']],
    ['en', 'As of July, at least 12,000 Ukrainian civilians had been killed.', ['-']],
    // The month after "since" starts the count: no part, and the whole war is named.
    ['en', 'At least 12,000 Ukrainian civilians have been killed since the invasion began in February 2022.', ['whole']],
    ['de', 'Bei einem russischen Raketenangriff sind 18 Zivilisten in der Ukraine getötet worden.', ['event']],
    ['de', 'Im Juli wurden in der Ukraine 300 Zivilisten getötet, nicht im März.', ['-']],
    ['fr', 'Au moins 25 civils ont été tués en Ukraine lors d\'une frappe russe.', ['event']],
    ['fr', 'Au moins 232 civils ont été tués en Ukraine en juin.', ['period']],
    ['es', 'Al menos 25 civiles murieron en Ucrania en un ataque ruso.', ['event']],
  ])('%s: %s', (lang, text, expected) => {
    expect(extent(lang, text, tollWatch)).toEqual(expected);
  });
});

describe('the claims: a part is a subset, a marked whole is flagged', () => {
  const read = (text: string, w: Watch = watch, title = 'North Korea\'s troops in Russia') =>
    extractClaims(text, w, { lang: 'en', title, published: '2025-03-10' }).claims.map((c) => `${c.low} ${c.scope}${c.flags.includes('marked_whole') ? ' marked_whole' : ''}`);

  it('makes a part a subset and never marks it whole', () => {
    expect(read('In total, 11,000 North Korean troops are in Russia, and 300 of them were killed or wounded last week.')).toEqual(['11000 total marked_whole', '300 subset']);
    expect(read('Over the past month, 300 Ukrainian civilians were killed.', tollWatch, 'War in Ukraine')).toEqual(['300 subset']);
  });

  it('reads "17 killed and 32 wounded in a strike" as two parts, each of its own measure', () => {
    const toll = (text: string, lang = 'en') => extractClaims(text, tollWatch, { lang, title: lang === 'de' ? 'Krieg in der Ukraine' : 'War in Ukraine', published: '2025-03-10' }).claims
      .map((c) => `${c.measure} ${c.low} ${c.status} ${c.scope}`);
    expect(toll('At least 17 Ukrainian civilians were killed and 32 wounded when a Russian strike hit a market.')).toEqual(['killed 17 present subset', 'injured 32 present subset']);
    // The second figure's "more than" is its qualifier, not more on top of the first.
    expect(toll('Bei einem Raketenangriff sind in der Ukraine mindestens 18 Zivilisten getötet und mehr als 60 verletzt worden.', 'de')).toEqual(['killed 18 present subset', 'injured 60 present subset']);
  });

  it('keeps more on top whole: a batch added is the news', () => {
    expect(read('3,000 more North Korean troops arrived last week.')).toEqual(['3000 total']);
  });

  it('keeps a marked whole whole beside a much larger figure', () => {
    // Without its cue, 1,500 next to 12,000 would be read as a part of it.
    expect(read('Seoul said 12,000 North Korean troops were sent. Moscow says only 1,500 North Korean troops are in Russia.')).toEqual(['12000 total', '1500 total marked_whole']);
  });
});
