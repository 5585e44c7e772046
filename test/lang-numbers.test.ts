// The language packs' number reader, one table per language, on sentences
// written the way outlets in each language write them (none from a gold set):
// the figures it must read, and the numbers it must not take for counts.
import { describe, expect, it } from 'vitest';
import { readNumbers, scanNumbers } from '../src/claims/lang/numbers.js';

type Row = [sentence: string, figures: [low: number, high: number, kind?: 'number' | 'range' | 'vague'][]];

const read = (text: string, lang: string) => readNumbers(text, lang).map((n) => [n.low, n.high, n.kind]);
const expected = (rows: Row[1]) => rows.map(([low, high, kind]) => [low, high, kind ?? (low === high ? 'number' : 'range')]);

function table(lang: string, rows: Row[]) {
  it.each(rows)(`${lang}: %s`, (sentence, figures) => {
    expect(read(sentence, lang)).toEqual(expected(figures));
  });
}

/** Hard negatives: every number found is rejected, for the reasons given, and no count is read. */
function negatives(lang: string, rows: [sentence: string, reasons: string[]][]) {
  it.each(rows)(`${lang} is no count: %s`, (sentence, reasons) => {
    expect(scanNumbers(sentence, lang).map((n) => n.rejected)).toEqual(reasons);
    expect(readNumbers(sentence, lang)).toEqual([]);
  });
}

describe('Russian', () => {
  table('ru', [
    ['По данным ГУР, в Курскую область переброшены 11 тыс. северокорейских военных.', [[11000, 11000]]],
    ['КНДР направила в Россию около 12 тысяч военнослужащих.', [[12000, 12000]]],
    ['Пхеньян может отправить до 100 тысяч солдат.', [[100000, 100000]]],
    ['Южнокорейская разведка оценивает контингент в 10 000 человек.', [[10000, 10000]]],
    ['В Курской области находятся 11\u00a0000 северокорейских солдат.', [[11000, 11000]]],
    ['Речь идет о 10\u202f000 военных КНДР.', [[10000, 10000]]],
    ['Потери КНДР оцениваются в 1,5 тыс. человек.', [[1500, 1500]]],
    ['Россия платит Пхеньяну 1,5 млн долларов в месяц.', [[1500000, 1500000]]],
    ['По словам Буданова, в Россию прибудут от 10 до 12 тысяч северокорейцев.', [[10000, 12000]]],
    ['Разведка говорит о 10–12 тысячах военных.', [[10000, 12000]]],
    ['Несколько тысяч северокорейских военных уже воюют.', [[2000, 9000, 'vague']]],
    ['На фронт могут отправить десятки тысяч бойцов.', [[20000, 90000, 'vague']]],
    ['КНДР отправила двенадцать тысяч солдат.', [[12000, 12000]]],
    ['По данным разведки, погибли три генерала.', [[3, 3]]],
    ['Около полутора тысяч военных проходят подготовку.', [[1500, 1500]]],
    ['Пхеньян направил 11-тысячный контингент.', [[11000, 11000]]],
    ['Тысячи северокорейских солдат прибыли в Курск, две тысячи из них уже на фронте.', [[2000, 9000, 'vague'], [2000, 2000]]],
  ]);
  negatives('ru', [
    ['22 октября 2024 г. в Курской области начались бои.', ['date', 'date']],
    ['Бойцы 92-й бригады отбили атаку.', ['ordinal']],
    ['В 2024 году КНДР направила войска.', ['date']],
    ['Обстрел начался в 10:30 по Москве.', ['time']],
    ['Су-34 нанес удар по позициям.', ['identifier']],
    ['Рост составил 15% за квартал.', ['unit']],
    ['Война длится почти 3 года.', ['unit']],
    ['Колонна прошла 70 км.', ['unit']],
  ]);
});

describe('Ukrainian', () => {
  table('uk', [
    ['За даними ГУР, КНДР відправила 11 тисяч військових.', [[11000, 11000]]],
    ['Близько 12 тис. північнокорейських солдатів перебувають у Курській області.', [[12000, 12000]]],
    ['У Росії вже 11 000 військових КНДР.', [[11000, 11000]]],
    ['Розвідка говорить про 10–12 тисяч військових.', [[10000, 12000]]],
    ['Від 10 до 12 тисяч вояків КНДР прибули на Курщину.', [[10000, 12000]]],
    ['Кілька тисяч північнокорейців загинули або були поранені.', [[2000, 9000, 'vague']]],
    ['Півтори тисячі військових проходять навчання.', [[1500, 1500]]],
    ['Пхеньян відправив п’ять генералів і пʼятсот офіцерів.', [[5, 5], [500, 500]]],
    ['Росія платить 1,5 млн доларів щомісяця.', [[1500000, 1500000]]],
  ]);
  negatives('uk', [
    ['22 жовтня 2024 року почалися бої.', ['date', 'date']],
    ['Бійці 47-ї бригади знищили техніку.', ['ordinal']],
    ['У 2024 р. КНДР направила війська.', ['date']],
    ['Це 15 відсотків від усіх втрат.', ['unit']],
  ]);
});

describe('Korean', () => {
  table('ko', [
    ['국정원에 따르면 북한군 1만1000명이 러시아에 파병됐다.', [[11000, 11000]]],
    ['북한은 1만 1천 명을 보냈다.', [[11000, 11000]]],
    ['북한군 1만 명이 쿠르스크에 배치됐다.', [[10000, 10000]]],
    ['수천 명의 북한군이 사상한 것으로 추정된다.', [[2000, 9000, 'vague']]],
    ['합참은 1만~1만2천 명으로 추산했다.', [[10000, 12000]]],
    ['북한군 1,000명이 추가로 투입됐다.', [[1000, 1000]]],
    ['장성 3명이 포함됐다.', [[3, 3]]],
    ['약 1만 2000명이 투입됐다.', [[12000, 12000]]],
    ['최대 10만 명까지 파병할 수 있다.', [[100000, 100000]]],
    ['북한군 만 명이 이동했다.', [[10000, 10000]]],
    ['북한이 수천억 원을 벌었다.', [[200_000_000_000, 900_000_000_000, 'vague']]],
  ]);
  it('ko: "1만여 명" is more than ten thousand', () => {
    const [n] = readNumbers('북한군 1만여 명이 파병됐다.', 'ko');
    expect([n.low, n.qualifier]).toEqual([10000, 'at_least']);
  });
  negatives('ko', [
    ['제11군단이 쿠르스크로 이동했다.', ['ordinal']],
    ['2024년 10월 22일 발표했다.', ['date', 'date', 'date']],
    ['이동에 24시간이 걸렸다.', ['unit']],
    ['사상자 비율은 15%다.', ['unit']],
    ['두 정상이 만나서 합의했다.', []],
  ]);
});

describe('Japanese', () => {
  table('ja', [
    ['北朝鮮兵1万1千人がロシアに派遣された。', [[11000, 11000]]],
    ['約1万人の北朝鮮兵がクルスク州に展開している。', [[10000, 10000]]],
    ['一万二千人が派遣されたとみられる。', [[12000, 12000]]],
    ['数千人が死傷したとみられる。', [[2000, 9000, 'vague']]],
    ['韓国政府は1万～1万2千人と推定した。', [[10000, 12000]]],
    ['１万人規模の部隊が移動した。', [[10000, 10000]]],
    ['将軍3人が含まれる。', [[3, 3]]],
  ]);
  it('ja: "1万余人" is more than ten thousand', () => {
    expect(readNumbers('1万余人が派遣された。', 'ja').map((n) => [n.low, n.qualifier])).toEqual([[10000, 'at_least']]);
  });
  negatives('ja', [
    ['第11軍団が移動した。', ['ordinal']],
    ['2024年10月に派遣された。', ['date', 'date']],
    ['移動に24時間かかった。', ['unit']],
  ]);
});

describe('Chinese', () => {
  table('zh', [
    ['朝鲜已向俄罗斯派遣1.1万名士兵。', [[11000, 11000]]],
    ['两千名朝鲜士兵抵达库尔斯克。', [[2000, 2000]]],
    ['数千人伤亡。', [[2000, 9000, 'vague']]],
    ['韩国估计有1万至1.2万名朝鲜士兵。', [[10000, 12000]]],
    ['美方称有1万到1.2万名。', [[10000, 12000]]],
    ['其中包括三名将军。', [[3, 3]]],
  ]);
  it('zh: "一万多人" is more than ten thousand', () => {
    expect(readNumbers('一万多人在库尔斯克作战。', 'zh').map((n) => [n.low, n.qualifier])).toEqual([[10000, 'at_least']]);
  });
  negatives('zh', [
    ['第11军团已经调动。', ['ordinal']],
    ['2024年10月22日宣布。', ['date', 'date', 'date']],
    ['伤亡率为10%。', ['unit']],
    ['行军耗时24小时。', ['unit']],
    ['二〇二四年', ['date']],
  ]);
});

describe('Portuguese', () => {
  table('pt', [
    ['Cerca de 11 mil soldados norte-coreanos estão na Rússia.', [[11000, 11000]]],
    ['A Coreia do Norte enviou 11.000 militares para a Rússia.', [[11000, 11000]]],
    ['Segundo Kiev, 11 000 militares norte-coreanos estão em Kursk.', [[11000, 11000]]],
    ['Seul estima entre 10 e 12 mil soldados.', [[10000, 12000]]],
    ['Pyongyang enviou de 10 a 12 mil soldados.', [[10000, 12000]]],
    ['Milhares de soldados norte-coreanos morreram.', [[2000, 9000, 'vague']]],
    ['Vinte e cinco mil soldados poderão seguir.', [[25000, 25000]]],
    ['A Rússia paga US$ 1,5 milhão por mês.', [[1500000, 1500000]]],
  ]);
  negatives('pt', [
    ['Em 22 de outubro de 2024 começaram os combates.', ['date', 'date']],
    ['A 92.ª brigada resistiu.', ['ordinal']],
    ['As perdas subiram 15%.', ['unit']],
    ['A Coreia não combate há 70 anos.', ['unit']],
  ]);
});

describe('Italian', () => {
  table('it', [
    ['Circa 11 mila soldati nordcoreani sono in Russia.', [[11000, 11000]]],
    ['Pyongyang ha inviato 11.000 soldati.', [[11000, 11000]]],
    ['Sarebbero dodicimila i soldati nordcoreani.', [[12000, 12000]]],
    ['Kiev parla di ventiduemila uomini.', [[22000, 22000]]],
    ['Seul stima tra 10 e 12 mila soldati.', [[10000, 12000]]],
    ['Migliaia di soldati nordcoreani sono morti.', [[2000, 9000, 'vague']]],
    ['Mille soldati sono già al fronte.', [[1000, 1000]]],
    ['Mosca paga 1,5 milioni di dollari.', [[1500000, 1500000]]],
  ]);
  negatives('it', [
    ['Il 22 ottobre 2024 sono iniziati i combattimenti.', ['date', 'date']],
    ['La 92ª brigata ha respinto l’attacco.', ['ordinal']],
    ['Le perdite sono salite del 15 per cento.', ['unit']],
    ['Nella settimana di ottobre nessuna novità.', []],
  ]);
});

describe('Polish', () => {
  table('pl', [
    ['Korea Północna wysłała 11 tysięcy żołnierzy.', [[11000, 11000]]],
    ['W obwodzie kurskim jest 11 tys. żołnierzy z KRLD.', [[11000, 11000]]],
    ['Wywiad mówi o 11 000 żołnierzy.', [[11000, 11000]]],
    ['Do Rosji trafi od 10 do 12 tysięcy żołnierzy.', [[10000, 12000]]],
    ['Kilka tysięcy żołnierzy zginęło.', [[2000, 9000, 'vague']]],
    ['Kilkanaście tysięcy żołnierzy przechodzi szkolenie.', [[11000, 19000, 'vague']]],
    ['Phenian wysłał dwanaście tysięcy żołnierzy.', [[12000, 12000]]],
    ['Półtora tysiąca żołnierzy jest rannych.', [[1500, 1500]]],
  ]);
  negatives('pl', [
    ['22 października 2024 r. rozpoczęły się walki.', ['date', 'date']],
    ['92. Brygada Zmechanizowana odparła atak.', ['ordinal']],
    ['Straty wzrosły o 15 proc.', ['unit']],
  ]);
});

describe('Czech', () => {
  table('cs', [
    ['Severní Korea vyslala 11 tisíc vojáků.', [[11000, 11000]]],
    ['V Kursku je 11 000 severokorejských vojáků.', [[11000, 11000]]],
    ['Podle rozvědky jde o 10 až 12 tisíc vojáků.', [[10000, 12000]]],
    ['Několik tisíc vojáků padlo.', [[2000, 9000, 'vague']]],
    ['KLDR poslala dvanáct tisíc vojáků.', [[12000, 12000]]],
    ['Zahynulo dvě stě vojáků.', [[200, 200]]],
    ['Rusko platí 1,5 milionu dolarů.', [[1500000, 1500000]]],
    ['Rusko zřídilo výcvikové tábory pro 12 000 vojáků.', [[12000, 12000]]],
  ]);
  negatives('cs', [
    ['22. října 2024 začaly boje.', ['date', 'date']],
    ['92. brigáda odrazila útok.', ['ordinal']],
    ['Ztráty vzrostly o 15 procent.', ['unit']],
  ]);
});

// English and German packs are written for phase 2 (today the extractor reads them from lexicon.ts).
describe('English', () => {
  table('en', [
    ['Seoul says Pyongyang has sent 10,000 soldiers to Russia.', [[10000, 10000]]],
    ['Analysts now think some 12k North Korean troops are in Kursk.', [[12000, 12000]]],
    ['Kyiv says three North Korean generals are directing the units.', [[3, 3]]],
    ['Kyiv expects 25,000 to 30,000 more North Korean troops.', [[25000, 30000]]],
    ['Kyiv expects between 25,000 and 30,000 more troops.', [[25000, 30000]]],
    ['Kyiv expects another 25-30 thousand troops by the autumn.', [[25000, 30000]]],
    ['Moving tens of thousands of North Korean troops takes weeks.', [[20000, 90000, 'vague']]],
    ['Moscow pledged 1.5 million tonnes of rice.', [[1500000, 1500000]]],
    ['Twenty-five thousand more could follow.', [[25000, 25000]]],
    ['Eleven thousand North Korean soldiers are in Kursk.', [[11000, 11000]]],
    ['Around 11-thousand North Korean soldiers are in Kursk.', [[11000, 11000]]],
    ['Pyongyang earns US$2bn a year, and $270m more for shells.', [[2e9, 2e9], [270e6, 270e6]]],
    ['The deal is worth as much as 1.4 trillion won.', [[1.4e12, 1.4e12]]],
    ['Some 2.700 soldiers and 1.200.000 shells, the wire wrote.', [[2700, 2700], [1200000, 1200000]]],
    ['In September it was said that 11,000 had arrived.', [[11000, 11000]]],
  ]);
  negatives('en', [
    ['The troops are attached to the 76th Airborne Division.', ['ordinal']],
    ['The first troops arrived on October 31st, officials said.', ['date']],
    ['The troops moved to the front within 24 hours.', ['unit']],
    ['North Korea has also sent KN-23 missiles.', ['identifier']],
    ['They belong to an army that has not fought since the 1950-53 Korean War.', ['date', 'date']],
    ['The column is 70 m long.', ['unit']],
    ['The column stretched 270m along the road.', ['unit']],
    ['On day 300 of the war, Kyiv reported new attacks.', ['identifier']],
    ['The first troops arrived in October 2024.', ['date']],
  ]);
});

describe('German', () => {
  table('de', [
    ['Nordkorea hat nach Angaben aus Seoul 10.000 Soldaten nach Russland geschickt.', [[10000, 10000]]],
    ['Nordkorea soll zwölftausend Soldaten entsandt haben.', [[12000, 12000]]],
    ['Kiew erwartet zwischen 25.000 und 30.000 weitere Soldaten.', [[25000, 30000]]],
    ['Zehntausende nordkoreanische Soldaten könnten folgen.', [[20000, 90000, 'vague']]],
    ['Russland zahlt 1,5 Millionen Dollar.', [[1500000, 1500000]]],
    ['Es sind dreihunderttausend oder einundzwanzig.', [[300000, 300000], [21, 21]]],
    ['Nordkorea soll elftausend Soldaten entsandt haben.', [[11000, 11000]]],
    ['Bis zu 30-Tausend Soldaten könnten folgen.', [[30000, 30000]]],
    ['Im September hieß es, 11.000 Soldaten seien eingetroffen.', [[11000, 11000]]],
  ]);
  negatives('de', [
    ['Die Soldaten kamen am 22. Oktober 2024 in Kursk an.', ['date', 'date']],
    ['Die 92. Brigade wehrte den Angriff ab.', ['ordinal']],
    ['Der Krieg dauert seit 3 Jahren.', ['unit']],
    ['Die Einheit meldete Achtung und Verluste von 15 Prozent.', ['unit']],
  ]);
});

describe('French', () => {
  table('fr', [
    ['La Corée du Nord a envoyé 10 000 soldats en Russie, selon Séoul.', [[10000, 10000]]],
    ['La Corée du Nord a envoyé 10\u00a0000 soldats en Russie.', [[10000, 10000]]],
    ['Des milliers de soldats nord-coréens sont arrivés à Koursk.', [[2000, 9000, 'vague']]],
    ['Kiev attend entre 25 000 et 30 000 soldats supplémentaires.', [[25000, 30000]]],
    ['Douze mille soldats auraient été envoyés.', [[12000, 12000]]],
    ['Il a été rapporté en septembre que 11 000 soldats étaient arrivés.', [[11000, 11000]]],
  ]);
  negatives('fr', [
    ['Les premiers soldats sont arrivés le 31 octobre.', ['date']],
    ['La 11e brigade a reculé.', ['ordinal']],
  ]);
});

describe('Spanish', () => {
  table('es', [
    ['Corea del Norte ha enviado 10.000 soldados a Rusia, según Seúl.', [[10000, 10000]]],
    ['Pionyang habría enviado doce mil soldados a Kursk.', [[12000, 12000]]],
    ['Corea del Norte ha enviado 11,000 soldados, según Seúl.', [[11000, 11000]]],
    ['Rusia pagaría 1,5 millones de dólares.', [[1500000, 1500000]]],
    ['Miles de soldados norcoreanos combaten en Kursk.', [[2000, 9000, 'vague']]],
    ['Kiev espera entre 25.000 y 30.000 soldados más.', [[25000, 30000]]],
  ]);
  negatives('es', [
    ['Los primeros soldados llegaron el 31 de octubre.', ['date']],
    ['La 92.ª brigada resistió.', ['ordinal']],
  ]);
});

// Issue 20: one number written in parts, number words and digits mixed, read as one figure in
// every language that writes them so; a smaller number after a magnitude that is no part of it
// (a year, a list after a comma, a number under a thousandth) stays apart.
describe('numbers mixing words and digits', () => {
  table('es', [
    ['Murieron dos millones 400 mil personas.', [[2400000, 2400000]]],
    ['Unos 2 millones 400 mil desplazados.', [[2400000, 2400000]]],
    ['Hay seiscientos mil desplazados.', [[600000, 600000]]],
    ['Dos millones cuatrocientas mil personas huyeron.', [[2400000, 2400000]]],
    ['Llegaron 3 mil 500 soldados.', [[3500, 3500]]],
    ['Unas 1,2 millones de personas.', [[1200000, 1200000]]],
  ]);
  table('de', [
    ['Rund 2 Millionen 300.000 Menschen flohen.', [[2300000, 2300000]]],
    ['Zwei Millionen dreihunderttausend Menschen flohen.', [[2300000, 2300000]]],
    ['Rund 1,2 Millionen Menschen flohen.', [[1200000, 1200000]]],
    ['Zwischen 2 Millionen und 3 Millionen Menschen flohen.', [[2000000, 3000000]]],
  ]);
  table('fr', [
    ['Quelque 1,2 million de personnes ont fui.', [[1200000, 1200000]]],
    ['Deux millions 300 000 personnes ont fui.', [[2300000, 2300000]]],
  ]);
  table('en', [
    ['About 2 million 300,000 people fled.', [[2300000, 2300000]]],
    ['Two million 300 thousand people fled.', [[2300000, 2300000]]],
    ['About 1,2 million people fled.', [[1200000, 1200000]]],
    // Apart: a year after the magnitude, a comma between, a number under a thousandth of it.
    ['1 million 2024 was the year.', [[1000000, 1000000], [2024, 2024]]],
    ['2 million, 300 of them children.', [[2000000, 2000000], [300, 300]]],
    ['2 million 300 people.', [[2000000, 2000000], [300, 300]]],
  ]);
  table('it', [['Sono fuggite 2 milioni 300 mila persone.', [[2300000, 2300000]]]]);
  table('pt', [
    ['Fugiram 2 milhões 300 mil pessoas.', [[2300000, 2300000]]],
    ['Fugiram seiscentas mil pessoas.', [[600000, 600000]]],
  ]);

  // Halves: "half a million", "y medio", "et demi", "eine halbe"; "one" before a fraction is its article.
  table('en', [
    ['As many as half a million people fled.', [[500000, 500000]]],
    ['Two and a half million people fled.', [[2500000, 2500000]]],
  ]);
  table('fr', [
    ["Jusqu'à un demi-million de personnes ont fui.", [[500000, 500000]]],
    ['Deux millions et demi de personnes ont fui.', [[2500000, 2500000]]],
    // Two days before a month are a date, not a range of people.
    ['Les 28 et 29 novembre, 300 personnes sont mortes.', [[300, 300]]],
  ]);
  table('es', [
    ['Cerca de dos millones y medio de desplazados.', [[2500000, 2500000]]],
    // A number as large as the one before is the range's other end, not a part of it.
    ['Entre medio millón y un millón de muertos.', [[500000, 1000000]]],
    ['En medio de la guerra murieron 300 personas.', [[300, 300]]],
    ['Murieron 100 civiles los días 28 y 29 de noviembre.', [[100, 100]]],
  ]);
  table('de', [
    ['Eine halbe Million Menschen floh.', [[500000, 500000]]],
    ['Hilfsorganisationen gehen von mehreren Tausend Toten aus.', [[2000, 9000, 'vague']]],
  ]);

  it('flags a decimal written against the language before a magnitude', () => {
    const form = (text: string, lang: string) => readNumbers(text, lang).map((n) => n.unusual ?? null);
    expect(form('About 1,2 million people fled.', 'en')).toEqual(['separator_against_language']);
    expect(form('Rund 1,2 Millionen Menschen flohen.', 'de')).toEqual([null]);
  });
});

describe('the reader', () => {
  it('gives offsets into the article when told where the sentence starts', () => {
    const [n] = readNumbers('КНДР направила 11 тыс. военных.', 'ru', 100);
    expect([n.start, n.end, n.text]).toEqual([115, 122, '11 тыс.']);
  });

  it('flags four bare digits as a possible year and leaves the call to the extractor', () => {
    const [n] = readNumbers('Пхеньян отправил 2000 солдат.', 'ru');
    expect([n.low, n.maybeYear]).toEqual([2000, true]);
    expect(readNumbers('Пхеньян отправил 2 000 солдат.', 'ru')[0].maybeYear).toBe(false);
  });

  it('flags the unusual forms it reads, for review before an alert', () => {
    const form = (text: string, lang: string) => readNumbers(text, lang).map((n) => n.unusual);
    expect(form('an additional 25-thousand to 30-thousand troops', 'en')).toEqual(['hyphenated_magnitude']);
    expect(form('some 12k troops', 'en')).toEqual(['k_suffix']);
    expect(form('11,000 soldados', 'es')).toEqual(['separator_against_language']);
    expect(form('11.000 soldados, 1,5 millones', 'es')).toEqual([null, null]);
  });

  it('says which language it lacks', () => {
    expect(() => readNumbers('11 000', 'is')).toThrow('no language pack for "is"');
  });
});
