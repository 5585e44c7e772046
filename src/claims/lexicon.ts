// How each language writes numbers, ranges, attributions and the things that
// look like counts but are not. This is language knowledge, the same for
// every story; what a story counts and who its sources are is in its watch.
export const SUPPORTED_LANGUAGES = ['en', 'de', 'fr', 'es'] as const;
export type Lang = (typeof SUPPORTED_LANGUAGES)[number];

export interface VaguePattern { words: string; low: number; high: number }

export interface Lexicon {
  /** Culture for @microsoft/recognizers-text-number; null: the language's numbers are read by our own parser. */
  recognizerCulture: string | null;
  /** Decimal separator of numbers written with digits. */
  decimal: '.' | ',';
  /** Words for numbers and magnitudes: a sentence without a digit or one of these has no figure. */
  numberWords: string[];
  vague: VaguePattern[];
  /** Words joining the two ends of a range ("25,000 to 30,000"). */
  rangeJoin: string[];
  /** "between ... and ...": opening word, joining words. */
  between: { open: string[]; join: string[] };
  /** A word before the first figure that makes "X to Y" a change, not a range ("from 3,000 to 10,000"). */
  changeFrom: string[];
  /** Words after which a figure's noun phrase cannot continue: scanning for the counted noun stops there. */
  stop: string[];
  /** Units that make a number a duration, distance, share or calibre, never a count of the watch. */
  nonCountUnits: string[];
  /** Possessive determiners: "its 500,000-strong armed forces" is a whole army, not a deployment. */
  possessives: string[];
  /** "the number of" phrases that may sit between a figure and what it counts. */
  numberOf: string[];
  /** Words between a figure and its noun that belong to neither ("11,000-strong contingent"). */
  filler: string[];
  ordinalSuffix: RegExp;
  currencies: { words: Record<string, string>; symbols: Record<string, string> };
  /** Rate periods after a sum: "a year", "par mois". */
  per: Record<string, string[]>;
  /** Words before a person noun that make a sum per person ("per soldier", "for each soldier"): a part, not the whole payment. */
  perPerson: string[];
  massUnits: Record<string, number>;
  attribution: {
    /** Phrases followed by the source: "according to X". */
    intro: string[];
    /** Verbs after the source ("X said") or before it (", said X"). */
    verbs: string[];
    /** Phrases followed by an outlet that carried the figure: "cited by CNN". */
    via: string[];
    /** Heads of definite descriptions that point back to a source named earlier ("the agency said"). */
    anaphors: string[];
    /**
     * Nouns for who can be a source though written in lower case ("Western officials",
     * "funcionarios occidentales", "der Geheimdienst"): an attribution in lower case is a
     * source only with one of them.
     */
    agents: string[];
    /**
     * Words that make an attribution phrase no source: what was said rather than who said it
     * ("statements", "available information", "reports"), units and times ("per month"),
     * people nobody could name ("a person familiar").
     */
    notSources: string[];
    /** Lower-case words that may sit inside a name ("Korea Institute for Defense Analyses"). */
    nameJoiners: string[];
    /**
     * Attributions to no one ("reports of", "reportedly", "Medienberichten zufolge"): the
     * figure is said to come from someone unnamed, so it borrows no neighbour's or headline's source.
     */
    unnamed: string[];
  };
  /** Abbreviations after which a period does not end a sentence. */
  abbreviations: string[];
  /** Prepositions that put what follows in a place ("in", "nach", "dans"). */
  locative: string[];
  /** "of", "de": between a figure and a determiner, a partitive ("4,000 of the soldiers"). */
  partitive: string[];
  determiners: string[];
  /** A date after these is when something began, not when the figure stood ("since October"). */
  since: string[];
  /** Words joining two figures that share a verb ("500 officers and three generals"). */
  coordination: string[];
  /** Pronouns standing for a source named before ("she told reporters"). */
  pronouns: string[];
  /** Words opening a relative clause: what it says is about another thing than the figure. */
  relative: string[];
  /** Endings of past participles that open a clause after a noun without a comma ("soldiers deployed by the army ..."). */
  participleEndings: string[];
  /** "that", "dass": a reported clause starts after them. */
  complementizers: string[];
  /** Definite determiners: "the troops" refers to a group already named. */
  definite: string[];
  /** Words that open a clause before its subject: "while Russia has massed ...". */
  clauseOpeners: string[];
  /** Words after a counted noun that add others to it: "60,000 troops alongside North Korean soldiers". */
  comitative: string[];
  /** Prepositions that put losses on someone: "inflicted losses of 110 servicemen on Ukrainian units". */
  lossesOn: string[];
  /** Words after a person figure that say they are missing or captured: a count of them is no count of the force. */
  missingOrCaptured: string[];
}

const EN: Lexicon = {
  recognizerCulture: 'en-us',
  decimal: '.',
  numberWords: ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen',
    'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty', 'thirty', 'forty', 'fifty', 'sixty',
    'seventy', 'eighty', 'ninety', 'hundred', 'hundreds', 'thousand', 'thousands', 'million', 'millions', 'billion',
    'dozen', 'dozens', 'tens'],
  vague: [
    { words: 'several tens of thousands', low: 20_000, high: 90_000 },
    { words: 'tens of thousands', low: 20_000, high: 90_000 },
    { words: 'hundreds of thousands', low: 200_000, high: 900_000 },
    { words: 'several thousand', low: 2_000, high: 9_000 },
    { words: 'a few thousand', low: 2_000, high: 9_000 },
    { words: 'some thousands', low: 2_000, high: 9_000 },
    { words: 'thousands', low: 2_000, high: 9_000 },
    { words: 'several hundred', low: 200, high: 900 },
    { words: 'a few hundred', low: 200, high: 900 },
    { words: 'hundreds', low: 200, high: 900 },
    { words: 'several dozen', low: 20, high: 90 },
    { words: 'dozens', low: 20, high: 90 },
    { words: 'millions', low: 2_000_000, high: 9_000_000 },
  ],
  rangeJoin: ['to', '-', '–', '—', 'or'],
  between: { open: ['between'], join: ['and'] },
  changeFrom: ['from'],
  stop: ['to', 'in', 'into', 'from', 'at', 'on', 'by', 'for', 'with', 'who', 'whom', 'which', 'that', 'were', 'was', 'are',
    'is', 'be', 'been', 'being', 'have', 'has', 'had', 'will', 'would', 'could', 'can', 'may', 'might', 'should', 'must',
    'and', 'or', 'but', 'as', 'than', 'since', 'after', 'before', 'per', 'a', 'an', 'the', 'this', 'these', 'those',
    'said', 'says', 'say', 'sent', 'had', 'across', 'near', 'inside', 'during', 'until', 'if', 'while', 'when', 'where',
    'there', 'it', 'they', 'he', 'she', 'we', 'you', 'not', 'already', 'now', 'out', 'each', 'every', 'according',
    'last', 'next', 'early', 'late', 'earlier', 'later', 'so', 'yet', 'still', 'remain', 'remained'],
  nonCountUnits: ['year', 'years', 'year-old', 'month', 'months', 'week', 'weeks', 'day', 'days', 'hour', 'hours', 'minute',
    'minutes', 'min', 'second', 'seconds', 'decade', 'decades', 'century', 'centuries', 'km', 'kilometer', 'kilometers',
    'kilometre', 'kilometres', 'mile', 'miles', 'meter', 'meters', 'metre', 'metres', 'm', 'mm', 'cm', 'percent', '%',
    'per cent', 'percentage', 'times', 'time', 'visits', 'visit', 'degrees', 'degree', 'square', 'sq', 'gmt', 'utc', 'am',
    'a.m.', 'pm', 'p.m.', 'bst', 'cet', 'et', 'edt', 'kst', 'shares', 'comments', 'views', 'likes', 'photos', 'pages',
    'page', 'of the war'],
  possessives: ['its', 'their', 'our', 'his', 'her', 'my', 'your', 'whose'],
  numberOf: ['the number of', 'the total number of'],
  filler: ['-', '–', 'strong', 'man', 'member', 'odd', 'or so', 'plus', 'others', 'other', 'more'],
  ordinalSuffix: /^(?:st|nd|rd|th)\b/i,
  currencies: {
    words: { dollars: 'USD', dollar: 'USD', usd: 'USD', 'us dollars': 'USD', cad: 'CAD', 'canadian dollars': 'CAD',
      euros: 'EUR', euro: 'EUR', eur: 'EUR', won: 'KRW', krw: 'KRW', rubles: 'RUB', roubles: 'RUB', rub: 'RUB',
      pounds: 'GBP', gbp: 'GBP', yuan: 'CNY', cny: 'CNY' },
    symbols: { 'US$': 'USD', 'C$': 'CAD', 'CA$': 'CAD', $: 'USD', '€': 'EUR', '£': 'GBP', '₩': 'KRW', '₽': 'RUB' },
  },
  per: { year: ['a year', 'per year', 'each year', 'every year', 'annually', 'per annum', 'yearly', 'a-year'],
    month: ['a month', 'per month', 'each month', 'every month', 'monthly'] },
  perPerson: ['per', 'for each', 'to each', 'to each of', 'for every', 'each', 'a', 'per head'],
  massUnits: { tonnes: 1, tonne: 1, tons: 1, ton: 1, 'metric tons': 1, 'metric tonnes': 1, t: 1, kg: 0.001, kilograms: 0.001 },
  attribution: {
    intro: ['according to', 'citing', 'per', 'as reported by', 'quoted by', 'in the words of', 'sources in', 'reports from', 'based on', 'assessment from', 'assessment by', 'estimates from', 'estimate from', 'sourced to', 'briefed by'],
    verbs: ['said', 'says', 'say', 'told', 'tells', 'reported', 'reports', 'stated', 'states', 'estimated',
      'estimates', 'estimate', 'believes', 'believe', 'assessed', 'assesses', 'claimed', 'claims', 'confirmed', 'confirms',
      'added', 'adds', 'warned', 'warns', 'wrote', 'writes', 'announced', 'announces', 'noted', 'notes', 'indicated',
      'indicate', 'indicates', 'revealed', 'reveals', 'disclosed', 'briefed', 'cited', 'cites', 'put', 'puts', 'suggest',
      'suggests', 'determined', 'have said', 'has said', 'made by', 'told reporters'],
    via: ['cited by', 'seen by', 'reported by', 'obtained by', 'quoted by', 'told', 'in an interview with', 'published by'],
    anaphors: ['agency', 'service', 'ministry', 'spy agency', 'intelligence agency', 'official', 'officials', 'military',
      'lawmakers', 'lawmaker', 'report', 'assessment', 'think tank', 'institute'],
    agents: ['official*', 'lawmaker*', 'legislator*', 'intelligence', 'agency', 'agencies', 'ministry', 'military',
      'government', 'authorities', 'spokes*', 'commander*', 'analyst*', 'expert*', 'diplomat*', 'envoy*', 'minister',
      'president', 'staff', 'army', 'service', 'services', 'institute', 'think tank', 'command', 'general',
      'soldiers', 'troops', 'forces', 'officers', 'sources in'],
    notSources: ['month', 'months', 'year', 'years', 'week', 'weeks', 'day', 'days', 'person', 'people', 'persons', 'source',
      'sources familiar', 'statement*', 'information', 'data', 'estimate*', 'figure*', 'report*', 'document*', 'conversation*',
      'media', 'footage', 'video*', 'photo*', 'image*', 'post*', 'account*', 'interview*', 'analysis', 'assessment*', 'claims',
      'calculations', 'count*', 'soldier', 'head', 'unconfirmed', 'preliminary', 'available', 'latest', 'new', 'most', 'some',
      'last', 'next', 'this', 'that', 'it', 'there', 'inside', 'how', 'why', 'what', 'who', 'when'],
    nameJoiners: ['of', 'the', 'for', 'and', '&', 'on', 'de', 'van', 'von'],
    unnamed: ['reports of', 'reports that', 'reportedly', 'media reports', 'unconfirmed reports', 'rumours', 'rumors', 'it is believed', 'is said to', 'are said to', 'according to reports', 'according to media reports'],
  },
  locative: ['in', 'into', 'to', 'inside', 'near', 'at', 'across', 'throughout', 'within'],
  partitive: ['of'],
  determiners: ['the', 'those', 'these', 'them', 'its', 'their', 'whom', 'which', 'our'],
  since: ['since', 'from', 'after'],
  coordination: ['and', 'plus', 'as well as', 'along with'],
  relative: ['which', 'who', 'where', 'whose'],
  participleEndings: ['ed'],
  complementizers: ['that', 'whether'],
  definite: ['the', 'these', 'those', 'its', 'their'],
  clauseOpeners: ['while', 'whereas', 'as', 'although', 'though', 'but', 'and', 'when', 'after', 'because', 'since', 'where', 'meanwhile', 'yet'],
  comitative: ['alongside', 'with', 'together with', 'along with', 'backed by', 'supported by', 'including', 'among them', 'as well as', 'next to'],
  lossesOn: ['on', 'upon', 'among'],
  missingOrCaptured: ['missing', 'unaccounted for', 'captured', 'taken prisoner', 'prisoners of war'],
  pronouns: ['he', 'she', 'they', 'it'],
  abbreviations: ['u.s', 'u.k', 'u.n', 'n', 's', 'mr', 'mrs', 'ms', 'dr', 'gen', 'lt', 'col', 'maj', 'capt', 'sgt', 'rep',
    'sen', 'gov', 'pres', 'st', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'no',
    'vs', 'approx', 'ca', 'e.g', 'i.e', 'inc', 'corp', 'jr', 'sr', 'p.m', 'a.m'],
};

const DE: Lexicon = {
  recognizerCulture: null,
  decimal: ',',
  numberWords: ['eins', 'zwei', 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht', 'neun', 'zehn', 'elf', 'zwölf',
    'zwanzig', 'dreißig', 'vierzig', 'fünfzig', 'hundert', 'tausend', 'millionen', 'million', 'milliarden', 'milliarde',
    'mio', 'mrd', 'dutzend', 'dutzende', 'hunderte', 'tausende', 'zehntausende', 'zehntausender', 'tausender'],
  vague: [
    { words: 'mehrere zehntausend', low: 20_000, high: 90_000 },
    { words: 'zehntausende*', low: 20_000, high: 90_000 },
    { words: 'hunderttausende*', low: 200_000, high: 900_000 },
    { words: 'mehrere tausend', low: 2_000, high: 9_000 },
    { words: 'einige tausend', low: 2_000, high: 9_000 },
    { words: 'ein paar tausend', low: 2_000, high: 9_000 },
    { words: 'tausende*', low: 2_000, high: 9_000 },
    { words: 'mehrere hundert', low: 200, high: 900 },
    { words: 'einige hundert', low: 200, high: 900 },
    { words: 'hunderte*', low: 200, high: 900 },
    { words: 'dutzende*', low: 20, high: 90 },
  ],
  rangeJoin: ['bis', '-', '–', '—'],
  between: { open: ['zwischen'], join: ['und'] },
  changeFrom: [],
  stop: ['nach', 'in', 'im', 'aus', 'an', 'am', 'auf', 'von', 'vom', 'zu', 'zum', 'zur', 'für', 'mit', 'die', 'der', 'das',
    'den', 'dem', 'des', 'ein', 'eine', 'einer', 'einen', 'und', 'oder', 'aber', 'als', 'seit', 'sind', 'ist', 'war',
    'waren', 'wurden', 'wurde', 'werden', 'wird', 'seien', 'sei', 'haben', 'hat', 'hatte', 'hatten', 'habe', 'soll',
    'sollen', 'sollte', 'würden', 'könnten', 'gegen', 'bei', 'um', 'pro', 'je', 'sagte', 'laut', 'nicht', 'bereits',
    'dort', 'inzwischen', 'durch', 'über', 'unter', 'ins'],
  nonCountUnits: ['jahr', 'jahre', 'jahren', 'jahres', 'monat', 'monate', 'monaten', 'woche', 'wochen', 'tag', 'tage',
    'tagen', 'stunde', 'stunden', 'minute', 'minuten', 'jahrzehnt', 'jahrzehnte', 'km', 'kilometer', 'meter', 'm', 'mm',
    'prozent', '%', 'mal', 'uhr', 'grad', 'quadratkilometer', 'jährige', 'jähriger', 'jährigen'],
  possessives: ['seine', 'seiner', 'seinen', 'ihre', 'ihrer', 'ihren', 'unsere'],
  numberOf: ['die zahl der', 'die zahl'],
  filler: ['-', '–', 'köpfige', 'köpfigen', 'starke', 'starken', 'weitere', 'weiteren', 'andere', 'anderen'],
  ordinalSuffix: /^\.(?=\s+\p{L})/u,
  currencies: {
    words: { dollar: 'USD', 'us-dollar': 'USD', usd: 'USD', euro: 'EUR', eur: 'EUR', won: 'KRW', rubel: 'RUB', cad: 'CAD',
      'kanadische dollar': 'CAD', pfund: 'GBP' },
    symbols: { 'US$': 'USD', $: 'USD', '€': 'EUR', '£': 'GBP', '₩': 'KRW', '₽': 'RUB' },
  },
  per: { year: ['pro jahr', 'im jahr', 'jährlich', 'jedes jahr', 'jahr für jahr'], month: ['pro monat', 'im monat', 'monatlich', 'jeden monat'] },
  perPerson: ['pro', 'je', 'für jeden', 'für jede', 'jedem', 'für jeden der', 'pro kopf'],
  massUnits: { tonnen: 1, tonne: 1, t: 1, kilogramm: 0.001, kg: 0.001 },
  attribution: {
    intro: ['nach angaben des', 'nach angaben der', 'nach angaben von', 'nach angaben aus', 'nach angaben', 'laut',
      'unter berufung auf', 'nach einschätzung des', 'nach einschätzung der', 'nach einschätzung von', 'nach einschätzung',
      'nach erkenntnissen des', 'nach erkenntnissen der', 'nach erkenntnissen', 'nach informationen des', 'nach informationen',
      'zufolge', 'wie', 'hieß es aus', 'hieß es in'],
    verbs: ['sagte', 'sagt', 'sagten', 'teilte', 'teilten', 'berichtete', 'berichtet', 'berichteten', 'erklärte', 'erklärt',
      'schätzt', 'schätzte', 'meldete', 'meldet', 'bestätigte', 'warnte', 'geht', 'hieß es', 'schrieb', 'betonte',
      'gab an', 'teilte mit'],
    via: ['berichtete', 'unter berufung auf'],
    anaphors: ['geheimdienst', 'behörde', 'ministerium', 'dienst'],
    agents: ['*geheimdienst', '*geheimdienste', '*geheimdiensten', '*geheimdienstes', 'geheimdienst*', 'behörde*', 'ministerium', 'regierung',
      'militär', 'armee', 'generalstab', 'sprecher*', 'kommandeur*', 'analyst*', 'experte*', 'expertin*', 'diplomat*',
      'abgeordnete*', 'präsident*', 'minister*', 'beamte*', 'regierungsvertreter*', 'offizielle*', 'institut', 'kreise*',
      'denkfabrik', 'stab', 'dienst', 'dienste', 'soldaten', 'militärs'],
    notSources: ['monat', 'monate', 'monaten', 'jahr', 'jahre', 'woche', 'wochen', 'tag', 'tage', 'person', 'personen',
      'menschen', 'angabe*', 'bericht*', 'medienbericht*', 'information*', 'informationen', 'erkenntnis*', 'schätzung*',
      'daten', 'zahl*', 'aussage*', 'äußerung*', 'erklärung*', 'dokument*', 'video*', 'aufnahmen', 'bilder', 'truppenbewegung*',
      'einschätzung*', 'analyse*', 'darstellung*', 'quelle', 'quellen', 'soldat', 'kopf', 'jüngst*', 'neue*', 'letzte*',
      'dort', 'hier', 'es', 'man', 'wurde', 'wurden', 'worden', 'ist', 'sind', 'sei', 'seien', 'etwa', 'rund', 'gut'],
    nameJoiners: ['für', 'der', 'des', 'von', 'und', 'de', 'of', 'for'],
    unnamed: ['berichten zufolge', 'medienberichten zufolge', 'angeblich', 'berichte über', 'laut medienberichten', 'laut berichten', 'heißt es'],
  },
  locative: ['in', 'im', 'nach', 'ins', 'an', 'am', 'bei'],
  partitive: ['von', 'der'],
  determiners: ['ihnen', 'den', 'diesen', 'denen'],
  since: ['seit', 'ab'],
  coordination: ['und', 'sowie'],
  relative: ['welche', 'welcher', 'welches', 'die', 'der', 'das', 'wo'],
  participleEndings: [],
  complementizers: ['dass', 'ob'],
  definite: ['die', 'der', 'den', 'diese', 'dieser', 'diesen', 'ihre'],
  clauseOpeners: ['während', 'wobei', 'als', 'weil', 'da', 'aber', 'und', 'nachdem', 'wo', 'doch', 'zudem'],
  comitative: ['neben', 'mit', 'zusammen mit', 'gemeinsam mit', 'sowie', 'darunter', 'unterstützt von', 'an der seite'],
  lossesOn: ['bei', 'unter'],
  missingOrCaptured: ['vermisst', 'vermisste', 'gefangen genommen', 'in gefangenschaft', 'gefangene'],
  pronouns: ['er', 'sie', 'es'],
  abbreviations: ['dr', 'nr', 'ca', 'bzw', 'z.b', 'u.a', 'mio', 'mrd', 'tsd', 'jan', 'feb', 'okt', 'nov', 'dez', 'st', 'gen', 'usw', 'vgl'],
};

const FR: Lexicon = {
  recognizerCulture: 'fr-fr',
  decimal: ',',
  numberWords: ['un', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf', 'dix', 'onze', 'douze', 'treize',
    'quatorze', 'quinze', 'seize', 'vingt', 'trente', 'quarante', 'cinquante', 'soixante', 'cent', 'cents', 'centaines', 'mille', 'milliers', 'million', 'millions',
    'milliard', 'milliards', 'dizaines', 'douzaine'],
  vague: [
    { words: 'plusieurs dizaines de milliers', low: 20_000, high: 90_000 },
    { words: 'des dizaines de milliers', low: 20_000, high: 90_000 },
    { words: 'dizaines de milliers', low: 20_000, high: 90_000 },
    { words: 'des centaines de milliers', low: 200_000, high: 900_000 },
    { words: 'plusieurs milliers', low: 2_000, high: 9_000 },
    { words: 'quelques milliers', low: 2_000, high: 9_000 },
    { words: 'des milliers', low: 2_000, high: 9_000 },
    { words: 'milliers', low: 2_000, high: 9_000 },
    { words: 'plusieurs centaines', low: 200, high: 900 },
    { words: 'quelques centaines', low: 200, high: 900 },
    { words: 'des centaines', low: 200, high: 900 },
    { words: 'centaines', low: 200, high: 900 },
    { words: 'plusieurs dizaines', low: 20, high: 90 },
    { words: 'des dizaines', low: 20, high: 90 },
  ],
  rangeJoin: ['à', '-', '–', '—'],
  between: { open: ['entre'], join: ['et'] },
  changeFrom: [],
  stop: ['à', 'au', 'aux', 'en', 'dans', 'vers', 'par', 'pour', 'avec', 'sur', 'qui', 'que', 'dont', 'ont', 'sont', 'est',
    'était', 'étaient', 'a', 'avait', 'avaient', 'été', 'seraient', 'serait', 'auraient', 'aurait', 'et', 'ou', 'mais',
    'comme', 'depuis', 'après', 'avant', 'le', 'la', 'les', 'un', 'une', 'l\'', 'ce', 'ces', 'selon', 'contre', 'se',
    'ne', 'pas', 'déjà', 'lors', 'sous', 'entre'],
  nonCountUnits: ['an', 'ans', 'année', 'années', 'mois', 'semaine', 'semaines', 'jour', 'jours', 'heure', 'heures', 'h',
    'minute', 'minutes', 'km', 'kilomètres', 'kilomètre', 'mètres', 'm', 'mm', 'millimètres', 'pour cent', '%', 'fois',
    'degrés', 'km2'],
  possessives: ['ses', 'leurs', 'leur', 'nos', 'notre', 'son', 'sa'],
  numberOf: ['le nombre de', 'le nombre des', 'le nombre d\'', 'le total de'],
  filler: ['-', '–', 'hommes de', 'autres'],
  ordinalSuffix: /^(?:e|er|ère|ème|eme)\b/iu,
  currencies: {
    words: { dollars: 'USD', dollar: 'USD', 'dollars américains': 'USD', usd: 'USD', euros: 'EUR', euro: 'EUR', eur: 'EUR',
      wons: 'KRW', won: 'KRW', roubles: 'RUB', rouble: 'RUB', cad: 'CAD', 'dollars canadiens': 'CAD', livres: 'GBP' },
    symbols: { 'US$': 'USD', $: 'USD', '€': 'EUR', '£': 'GBP', '₩': 'KRW', '₽': 'RUB' },
  },
  per: { year: ['par an', 'par année', 'annuellement', 'chaque année', 'l\'an'], month: ['par mois', 'mensuellement', 'chaque mois', 'mensuels'] },
  perPerson: ['par', 'pour chaque', 'à chaque', 'par tête'],
  massUnits: { tonnes: 1, tonne: 1, t: 1, kilos: 0.001, kg: 0.001 },
  attribution: {
    intro: ['selon', 'd\'après', 'citant', 'de source', 'à en croire'],
    verbs: ['a déclaré', 'a affirmé', 'a indiqué', 'a estimé', 'a annoncé', 'a rapporté', 'a précisé', 'a assuré',
      'a confirmé', 'a expliqué', 'a ajouté', 'a averti', 'a dit', 'a révélé', 'estime', 'affirme', 'indique', 'déclare',
      'assure', 'rapporte', 'évoquait', 'évoque', 'avance', 'a fait savoir', 'ont indiqué', 'ont déclaré', 'ont affirmé'],
    via: ['cité par', 'citée par', 'cités par', 'rapporté par', 'consulté par'],
    anaphors: ['agence', 'service', 'ministère', 'renseignement'],
    agents: ['responsable*', 'officiel*', 'renseignement*', 'agence*', 'ministère', 'gouvernement', 'autorités', 'armée',
      'militaires', 'état-major', 'porte-parole', 'commandant*', 'analyste*', 'expert*', 'diplomate*', 'député*',
      'parlementaire*', 'président', 'ministre', 'service', 'services', 'institut', 'soldats', 'forces'],
    notSources: ['mois', 'an', 'ans', 'année', 'années', 'semaine*', 'jour', 'jours', 'personne', 'personnes', 'gens',
      'source', 'sources proches', 'déclaration*', 'information*', 'donnée*', 'estimation*', 'chiffre*', 'rapport*',
      'document*', 'conversation*', 'médias', 'vidéo*', 'image*', 'photo*', 'analyse*', 'évaluation*', 'bilan*', 'guerre',
      'soldat', 'tête', 'dernier*', 'dernière*', 'nouveau*', 'nouvelle*', 'il', 'on', 'ce', 'cela', 'qui', 'en'],
    nameJoiners: ['de', 'du', 'des', 'la', 'le', 'pour', 'et', 'of', 'for'],
    unnamed: ['selon des informations', 'selon la presse', 'selon des médias', 'selon les médias', 'informations de presse', 'selon plusieurs médias', 'dit-on'],
  },
  locative: ['en', 'dans', 'à', 'au', 'aux', 'vers', 'sur'],
  partitive: ['de', 'd\'', 'des'],
  determiners: ['ces', 'les', 'leurs', 'ses', 'entre'],
  since: ['depuis', 'dès', 'à partir de'],
  coordination: ['et', 'ainsi que'],
  relative: ['qui', 'où', 'lequel', 'laquelle'],
  participleEndings: ['é', 'és', 'ée', 'ées'],
  complementizers: ['que', 'qu\'', 'si'],
  definite: ['les', 'ces', 'le', 'la', 'leurs', 'ses'],
  clauseOpeners: ['tandis que', 'alors que', 'mais', 'et', 'quand', 'lorsque', 'car', 'puisque', 'où', 'cependant'],
  comitative: ['aux côtés de', 'aux cotes de', 'avec', 'ainsi que', 'dont', 'parmi lesquels', 'appuyés par', 'soutenus par'],
  lossesOn: ['aux', 'à', 'parmi', 'chez'],
  missingOrCaptured: ['disparus', 'disparu', 'portés disparus', 'capturés', 'capturé', 'faits prisonniers', 'prisonniers'],
  pronouns: ['il', 'elle', 'ils', 'elles'],
  abbreviations: ['m', 'mme', 'dr', 'gén', 'av', 'env', 'n°', 'no', 'janv', 'févr', 'oct', 'nov', 'déc', 'st'],
};

const ES: Lexicon = {
  recognizerCulture: 'es-es',
  decimal: ',',
  numberWords: ['uno', 'una', 'dos', 'tres', 'cuatro', 'cinco', 'seis', 'siete', 'ocho', 'nueve', 'diez', 'once', 'doce',
    'trece', 'catorce', 'quince', 'veinte', 'treinta', 'cuarenta', 'cincuenta', 'sesenta', 'setenta', 'ochenta', 'noventa', 'cien', 'cientos', 'centenares', 'mil', 'miles', 'millón', 'millones',
    'decenas', 'docena'],
  vague: [
    { words: 'varias decenas de miles', low: 20_000, high: 90_000 },
    { words: 'decenas de miles', low: 20_000, high: 90_000 },
    { words: 'cientos de miles', low: 200_000, high: 900_000 },
    { words: 'centenares de miles', low: 200_000, high: 900_000 },
    { words: 'varios miles', low: 2_000, high: 9_000 },
    { words: 'unos miles', low: 2_000, high: 9_000 },
    { words: 'miles', low: 2_000, high: 9_000 },
    { words: 'varios cientos', low: 200, high: 900 },
    { words: 'varios centenares', low: 200, high: 900 },
    { words: 'cientos', low: 200, high: 900 },
    { words: 'centenares', low: 200, high: 900 },
    { words: 'varias decenas', low: 20, high: 90 },
    { words: 'decenas', low: 20, high: 90 },
  ],
  rangeJoin: ['a', '-', '–', '—'],
  between: { open: ['entre'], join: ['y'] },
  changeFrom: [],
  stop: ['a', 'al', 'en', 'hacia', 'desde', 'por', 'para', 'con', 'sobre', 'que', 'quien', 'quienes', 'cual', 'cuales',
    'han', 'ha', 'habían', 'había', 'son', 'es', 'fue', 'fueron', 'están', 'está', 'estaban', 'y', 'o', 'pero', 'como',
    'tras', 'antes', 'el', 'la', 'los', 'las', 'un', 'una', 'según', 'contra', 'se', 'no', 'ya', 'entre', 'de', 'e', 'u',
    'resultaron', 'resultó', 'quedaron', 'sido', 'habrían', 'habría'],
  nonCountUnits: ['año', 'años', 'mes', 'meses', 'semana', 'semanas', 'día', 'días', 'hora', 'horas', 'minuto', 'minutos',
    'km', 'kilómetros', 'kilómetro', 'metros', 'm', 'mm', 'milímetros', 'por ciento', '%', 'veces', 'grados'],
  possessives: ['sus', 'su', 'nuestros', 'nuestras'],
  numberOf: ['el número de', 'la cifra de', 'el total de'],
  filler: ['-', '–', 'otros', 'otras'],
  ordinalSuffix: /^(?:\.?º|\.?ª|\.?°|o\b|a\b)/u,
  currencies: {
    words: { dólares: 'USD', dólar: 'USD', usd: 'USD', euros: 'EUR', euro: 'EUR', eur: 'EUR', wones: 'KRW', won: 'KRW',
      rublos: 'RUB', cad: 'CAD', 'dólares canadienses': 'CAD', libras: 'GBP' },
    symbols: { 'US$': 'USD', $: 'USD', '€': 'EUR', '£': 'GBP', '₩': 'KRW', '₽': 'RUB' },
  },
  per: { year: ['al año', 'por año', 'anuales', 'anualmente', 'cada año'], month: ['al mes', 'por mes', 'mensuales', 'mensualmente', 'cada mes'] },
  perPerson: ['por', 'para cada', 'a cada', 'por cabeza'],
  massUnits: { toneladas: 1, tonelada: 1, t: 1, kilos: 0.001, kg: 0.001 },
  attribution: {
    intro: ['según', 'de acuerdo con', 'citando a', 'citando', 'de fuentes'],
    verbs: ['dijo', 'informó', 'aseguró', 'afirmó', 'explicó', 'precisó', 'estima', 'estimó', 'advirtió', 'señaló',
      'declaró', 'indicó', 'reveló', 'confirmó', 'asegura', 'afirma', 'señala', 'añadió', 'denuncia', 'cree', 'calcula'],
    via: ['citado por', 'citada por', 'publicado por', 'recogido por'],
    anaphors: ['agencia', 'servicio', 'ministerio', 'inteligencia'],
    agents: ['funcionario*', 'responsable*', 'oficial*', 'inteligencia', 'agencia*', 'ministerio', 'gobierno', 'autoridades',
      'ejército', 'militares', 'estado mayor', 'portavoz', 'comandante*', 'analista*', 'experto*', 'diplomático*',
      'legislador*', 'diputado*', 'parlamentario*', 'presidente', 'ministro', 'servicio', 'servicios', 'instituto',
      'soldados', 'fuerzas', 'mandos'],
    notSources: ['mes', 'meses', 'año', 'años', 'semana*', 'día', 'días', 'persona', 'personas', 'gente', 'fuente',
      'fuentes cercanas', 'declaración*', 'declaraciones', 'información*', 'informaciones', 'dato*', 'estimación*',
      'estimaciones', 'cifra*', 'informe*', 'documento*', 'conversación*', 'medios', 'vídeo*', 'imagen*', 'imágenes',
      'foto*', 'análisis', 'evaluación*', 'balance*', 'soldado', 'cabeza', 'último*', 'última*', 'nuevo*', 'nueva*',
      'se', 'lo', 'esto', 'eso', 'que', 'informó', 'declaró', 'dijo'],
    nameJoiners: ['de', 'del', 'la', 'el', 'los', 'las', 'para', 'y', 'of', 'for'],
    unnamed: ['según informaciones', 'según medios', 'según la prensa', 'según los medios', 'supuestamente', 'informes de', 'según informes'],
  },
  locative: ['en', 'a', 'hacia', 'al'],
  partitive: ['de'],
  determiners: ['los', 'las', 'ellos', 'ellas', 'sus', 'estos'],
  since: ['desde', 'a partir de'],
  coordination: ['y', 'e', 'así como'],
  relative: ['que', 'donde', 'cual', 'quien'],
  participleEndings: ['ado', 'ados', 'ada', 'adas', 'ido', 'idos', 'ida', 'idas'],
  complementizers: ['que', 'si'],
  definite: ['los', 'las', 'estos', 'estas', 'esos', 'sus'],
  clauseOpeners: ['mientras', 'mientras que', 'aunque', 'pero', 'y', 'cuando', 'porque', 'donde', 'sin embargo'],
  comitative: ['junto a', 'junto con', 'con', 'así como', 'entre ellos', 'incluidos', 'apoyados por', 'respaldados por'],
  lossesOn: ['a', 'entre'],
  missingOrCaptured: ['desaparecidos', 'desaparecido', 'capturados', 'capturado', 'prisioneros'],
  pronouns: ['él', 'ella', 'ellos', 'ellas'],
  abbreviations: ['sr', 'sra', 'dr', 'gral', 'ene', 'feb', 'mar', 'abr', 'jun', 'jul', 'ago', 'sept', 'oct', 'nov', 'dic', 'núm', 'no', 'ee.uu', 'ee'],
};

export const LEXICONS: Record<Lang, Lexicon> = { en: EN, de: DE, fr: FR, es: ES };

export function isSupportedLanguage(lang: string): lang is Lang {
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(lang);
}
