// rules/dates.ts: the dates of a sentence, read against a publication date of
// 10 December 2024. Each row is a sentence and the dates a figure in it may
// be "as of" (ISO day; a month alone is its last day; "since" marks a start,
// which no figure is as of), then the text each date covers: the numbers in
// it are never read as figures.
import { describe, expect, it } from 'vitest';
import { parse } from '../helpers/rules.js';

function dates(lang: string, text: string) {
  const p = parse(lang, text);
  const at = (a: number, b: number) => p.sentence.text.slice(a - p.sentence.start, b - p.sentence.start).trim();
  return {
    dates: p.dates.map((d) => `${d.iso}${d.since ? ' since' : ''}`),
    spans: p.dateSpans.map(([a, b]) => at(a, b)),
  };
}

describe('findDates: the dates a figure may be as of', () => {
  it.each([
    ['en', 'North Korea sent 3,000 troops on Oct. 24.', ['2024-10-24'], ['Oct. 24']],
    ['en', 'North Korea sent 3,000 troops on October 24, 2023.', ['2023-10-24'], ['October 24, 2023']],
    ['en', 'North Korea sent 3,000 troops in November.', ['2024-11-30'], ['November']],
    ['en', 'North Korea sent 3,000 troops on Oct. 27 or 28.', ['2024-10-27'], ['Oct. 27 or 28']],
    ['en', 'North Korea has sent 3,000 troops since October.', ['2024-10-31 since'], ['October']],
    // A dateline dates the report, "last week" has no month: their numbers are masked, no date is kept.
    ['en', 'SEOUL, Dec. 9 (Yonhap) -- North Korea has sent 3,000 troops.', [], ['Dec. 9']],
    ['en', 'North Korea sent 3,000 troops last week.', [], ['last week']],
    ['de', 'Nordkorea hat am 22.10.2024 rund 3.000 Soldaten geschickt.', ['2024-10-22'], ['22.10.2024']],
    // chrono-node reads no German month without a day: the pack does, a bare month only after its preposition.
    ['de', 'Im Oktober 2024 schickte Nordkorea rund 3.000 Soldaten nach Russland.', ['2024-10-31'], ['Oktober 2024']],
    ['de', 'Im November waren 11.000 nordkoreanische Soldaten in Russland.', ['2024-11-30'], ['November']],
    ['de', 'Seit Oktober hat Nordkorea 3.000 Soldaten nach Russland geschickt.', ['2024-10-31 since'], ['Oktober']],
    ['fr', 'La Corée du Nord a envoyé 3 000 soldats le 1er novembre.', ['2024-11-01'], ['1er novembre']],
    ['es', 'Corea del Norte envió 3.000 soldados el 3 de noviembre.', ['2024-11-03'], ['3 de noviembre']],
    ['es', 'Desde octubre, Corea del Norte ha enviado 3.000 soldados.', ['2024-10-31 since'], ['octubre,']],
    ['ru', 'КНДР отправила 3 тысячи военных 24 октября.', ['2024-10-24'], ['24 октября']],
    ['ru', 'С октября КНДР отправила 3 тысячи военных.', ['2024-10-31 since'], ['октября']],
    ['uk', 'КНДР відправила 3 тисячі військових 24 жовтня 2024 року.', ['2024-10-24'], ['24 жовтня 2024 року']],
    ['ko', '북한은 2024년 10월 24일 병력 3000명을 보냈다.', ['2024-10-24'], ['2024년 10월 24일']],
    ['ja', '北朝鮮は10月24日に兵士3000人を派遣した。', ['2024-10-24'], ['10月24日']],
    ['zh', '朝鲜于10月24日派遣了3000名士兵。', ['2024-10-24'], ['10月24日']],
    ['pt', 'A Coreia do Norte enviou 3 mil soldados em 24 de outubro.', ['2024-10-24'], ['24 de outubro']],
    ['it', 'La Corea del Nord ha inviato 3.000 soldati il 24 ottobre.', ['2024-10-24'], ['il 24 ottobre']],
    ['pl', 'Korea Północna wysłała 3 tysiące żołnierzy 24 października.', ['2024-10-24'], ['24 października.']],
    ['cs', 'Severní Korea poslala 3 tisíce vojáků 24. října.', ['2024-10-24'], ['24. října.']],
  ])('%s: %s', (lang, text, expectedDates, expectedSpans) => {
    expect(dates(lang, text)).toEqual({ dates: expectedDates, spans: expectedSpans });
  });

  it('a date without a year and no publication date is masked but not kept', () => {
    const p = parse('en', 'North Korea sent 3,000 troops on Oct. 24.', null);
    expect(p.dates).toEqual([]);
    expect(p.dateSpans).toHaveLength(1);
  });

  it('a month after the publication date is last year\'s', () => {
    expect(parse('en', 'North Korea sent 3,000 troops in November.', new Date('2025-03-01T00:00:00Z')).dates.map((d) => d.iso)).toEqual(['2024-11-30']);
  });
});
