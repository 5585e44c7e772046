// npm run bench:claims-lang [seconds] — the language packs' number reader in
// sentences per second per language, against English read by the same reader,
// on the same kind of sentences: wire-copy sentences with figures, ranges,
// vague amounts, dates, ordinals and units, written for this bench (none from
// a gold set). Each language is timed after a warm-up pass, alone.
import { readNumbers } from '../src/claims/lang/numbers.js';
import { tokenizeLang } from '../src/claims/lang/morph.js';

const seconds = Number(process.argv[2] ?? 5);

const SAMPLES: Record<string, string[]> = {
  en: [
    'Ukraine\'s military intelligence said on October 22, 2024 that 11,000 North Korean troops were in the Kursk region.',
    'Seoul estimates that about 12,000 soldiers have been sent, and up to 100,000 more could follow.',
    'The Pentagon said between 10,000 and 12,000 North Korean troops are training in eastern Russia.',
    'Several thousand North Korean soldiers have been killed or wounded since December, officials said.',
    'Russia pays $2,000 a month for each soldier, or about 1.5 million dollars, lawmakers told reporters at 10:30.',
    'Troops of the 92nd brigade repelled the attack, a 15% rise over the past 3 years.',
  ],
  ru: [
    'По данным ГУР, 22 октября 2024 г. в Курской области находились 11 тыс. северокорейских военных.',
    'Южнокорейская разведка оценивает контингент примерно в 12 тысяч человек, а Пхеньян может отправить до 100 тысяч.',
    'В Пентагоне заявили, что от 10 до 12 тысяч военнослужащих КНДР проходят подготовку на Дальнем Востоке.',
    'Несколько тысяч северокорейских солдат были убиты или ранены с декабря, сообщили чиновники.',
    'Россия платит 2 000 долларов в месяц за каждого солдата, или около 1,5 млн долларов, заявили депутаты в 10:30.',
    'Бойцы 92-й бригады отбили атаку, рост составил 15% за 3 года.',
  ],
  uk: [
    'За даними ГУР, 22 жовтня 2024 року в Курській області перебували 11 тис. північнокорейських військових.',
    'Південнокорейська розвідка оцінює контингент приблизно у 12 тисяч осіб, а Пхеньян може відправити до 100 тисяч.',
    'У Пентагоні заявили, що від 10 до 12 тисяч військових КНДР проходять навчання на Далекому Сході.',
    'Кілька тисяч північнокорейських солдатів були вбиті або поранені з грудня, повідомили посадовці.',
    'Росія платить 2 000 доларів на місяць за кожного солдата, або близько 1,5 млн доларів, заявили депутати о 10:30.',
    'Бійці 47-ї бригади відбили атаку, зростання склало 15% за 3 роки.',
  ],
  ko: [
    '국정원에 따르면 2024년 10월 22일 기준 쿠르스크 지역에 북한군 1만1000명이 배치됐다.',
    '합참은 파병 규모를 약 1만 2천 명으로 추산했으며 북한이 최대 10만 명까지 보낼 수 있다고 밝혔다.',
    '미 국방부는 북한군 1만~1만2천 명이 러시아 극동에서 훈련 중이라고 말했다.',
    '지난 12월 이후 수천 명의 북한군이 사망하거나 부상했다고 당국자들이 전했다.',
    '러시아는 병사 1인당 매달 2000달러, 약 150만 달러를 지급한다고 의원들이 10:30에 말했다.',
    '제11군단 병력이 공격을 격퇴했으며 3년간 15% 증가했다.',
  ],
  ja: [
    '韓国の国家情報院によると、2024年10月22日時点でクルスク州に北朝鮮兵1万1千人が展開していた。',
    '合同参謀本部は派遣規模を約1万2千人と推定し、北朝鮮は最大10万人を送る可能性があると述べた。',
    '米国防総省は、北朝鮮兵1万～1万2千人がロシア極東で訓練中だと明らかにした。',
    '12月以降、数千人の北朝鮮兵が死傷したと当局者が伝えた。',
    'ロシアは兵士1人当たり月2000ドル、約150万ドルを支払っていると議員らが10:30に語った。',
    '第11軍団の部隊が攻撃を撃退し、3年間で15%増加した。',
  ],
  zh: [
    '据韩国国家情报院称，截至2024年10月22日，库尔斯克州有1.1万名朝鲜士兵。',
    '韩国联合参谋本部估计派兵规模约为一万二千人，朝鲜最多可能派遣10万人。',
    '美国国防部表示，1万至1.2万名朝鲜士兵正在俄罗斯远东地区接受训练。',
    '官员称，自12月以来已有数千名朝鲜士兵伤亡。',
    '议员们10:30表示，俄罗斯每月为每名士兵支付2000美元，约150万美元。',
    '第11军团击退了进攻，3年间增长了15%。',
  ],
  pt: [
    'Segundo a inteligência militar ucraniana, em 22 de outubro de 2024 havia 11 mil soldados norte-coreanos na região de Kursk.',
    'Seul estima o contingente em cerca de 12.000 homens, e Pyongyang poderá enviar até 100 mil.',
    'O Pentágono disse que entre 10 e 12 mil militares norte-coreanos treinam no Extremo Oriente russo.',
    'Milhares de soldados norte-coreanos foram mortos ou feridos desde dezembro, disseram autoridades.',
    'A Rússia paga 2.000 dólares por mês por soldado, ou cerca de 1,5 milhão de dólares, disseram deputados às 10:30.',
    'A 92.ª brigada repeliu o ataque, um aumento de 15% em 3 anos.',
  ],
  it: [
    'Secondo l\'intelligence militare ucraina, il 22 ottobre 2024 nella regione di Kursk c\'erano 11 mila soldati nordcoreani.',
    'Seul stima il contingente in circa 12.000 uomini, e Pyongyang potrebbe inviarne fino a centomila.',
    'Il Pentagono ha detto che tra 10 e 12 mila militari nordcoreani si addestrano nell\'Estremo Oriente russo.',
    'Migliaia di soldati nordcoreani sono stati uccisi o feriti da dicembre, hanno riferito i funzionari.',
    'La Russia paga 2.000 dollari al mese per soldato, circa 1,5 milioni di dollari, hanno detto i deputati alle 10:30.',
    'La 92ª brigata ha respinto l\'attacco, un aumento del 15 per cento in 3 anni.',
  ],
  pl: [
    'Według ukraińskiego wywiadu 22 października 2024 r. w obwodzie kurskim było 11 tys. żołnierzy z Korei Północnej.',
    'Seul szacuje kontyngent na około 12 tysięcy ludzi, a Phenian może wysłać nawet do 100 tysięcy.',
    'Pentagon poinformował, że od 10 do 12 tysięcy żołnierzy KRLD szkoli się na rosyjskim Dalekim Wschodzie.',
    'Kilka tysięcy północnokoreańskich żołnierzy zginęło lub zostało rannych od grudnia, podali urzędnicy.',
    'Rosja płaci 2 000 dolarów miesięcznie za każdego żołnierza, czyli około 1,5 mln dolarów, powiedzieli posłowie o 10:30.',
    '92. Brygada odparła atak, wzrost wyniósł 15 proc. w ciągu 3 lat.',
  ],
  cs: [
    'Podle ukrajinské vojenské rozvědky bylo 22. října 2024 v Kurské oblasti 11 tisíc severokorejských vojáků.',
    'Soul odhaduje kontingent na zhruba 12 000 mužů a Pchjongjang může vyslat až 100 tisíc.',
    'Pentagon uvedl, že 10 až 12 tisíc vojáků KLDR cvičí na ruském Dálném východě.',
    'Několik tisíc severokorejských vojáků bylo od prosince zabito nebo zraněno, uvedli úředníci.',
    'Rusko platí 2 000 dolarů měsíčně za každého vojáka, tedy asi 1,5 milionu dolarů, řekli poslanci v 10:30.',
    '92. brigáda odrazila útok, nárůst o 15 procent za 3 roky.',
  ],
};

function time(sentences: string[], run: (s: string) => unknown, budget: number): number {
  const start = process.hrtime.bigint();
  let n = 0;
  let elapsed = 0;
  while (elapsed < budget || n < sentences.length * 10) {
    for (const s of sentences) run(s);
    n += sentences.length;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  }
  return n / elapsed;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// The machine is shared: every round times every reader once, in turn, and
// each figure is the median of its rounds, so a busy moment hits all alike.
const langs = Object.keys(SAMPLES).filter((l) => l !== 'en');
const runners: [string, string[], (s: string) => unknown][] = [
  ['en readNumbers', SAMPLES.en, (s) => readNumbers(s, 'en')],
  ...langs.map((l) => [`${l} readNumbers`, SAMPLES[l], (s: string) => readNumbers(s, l)] as [string, string[], (s: string) => unknown]),
  ...langs.map((l) => [`${l} +tokens`, SAMPLES[l], (s: string) => { readNumbers(s, l); tokenizeLang(s, l); }] as [string, string[], (s: string) => unknown]),
];
const rounds = 5;
const budget = seconds / (rounds * runners.length);
for (const [, sentences, run] of runners) for (const s of sentences) run(s);
const rates = new Map<string, number[]>(runners.map(([k]) => [k, []]));
for (let r = 0; r < rounds; r++) for (const [k, sentences, run] of runners) rates.get(k)!.push(time(sentences, run, budget));
const rate = (k: string) => median(rates.get(k)!);
const en = rate('en readNumbers');
console.log(`number reading, sentences/s, median of ${rounds} rounds (node ${process.version}, ${process.arch}; ${SAMPLES.en.length} sentences per language)`);
console.log(`  en    readNumbers  ${en.toFixed(0).padStart(7)}`);
console.log('  lang  readNumbers  ×English   readNumbers+tokenizeLang  ×English');
for (const l of langs) {
  const a = rate(`${l} readNumbers`);
  const b = rate(`${l} +tokens`);
  console.log(`  ${l.padEnd(4)}  ${a.toFixed(0).padStart(11)}  ${(a / en).toFixed(2).padStart(8)}  ${b.toFixed(0).padStart(24)}  ${(b / en).toFixed(2).padStart(8)}`);
}
