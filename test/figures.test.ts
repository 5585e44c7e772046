// Figures a person reads are rounded as a person writes them (issue 19): on the
// dashboard, in alert texts and in webhook message text; machine fields keep
// the exact numbers.
import { describe, expect, it } from 'vitest';
import { explainAlert } from '../src/alerts/departure.js';
import { makeConfig } from '../src/config.js';
import { alertEvent, render, type AlertRow } from '../src/delivery/payload.js';
import { aboutFigure, roundedFigure, roundedRange } from '../src/figures.js';

describe('rounding a computed figure', () => {
  it('writes what a person writes', () => {
    expect(roundedFigure(19_115.49)).toBe('19,000');
    expect(aboutFigure(19_115.49)).toBe('about 19,000');
    expect(roundedFigure(10_954.45)).toBe('11,000');
    expect(roundedFigure(4_700)).toBe('4,700');
    expect(roundedFigure(43.7)).toBe('44');
    expect(roundedFigure(1_234_567)).toBe('1,200,000');
    expect(roundedFigure(19_115.49, 3)).toBe('19,100');
    expect(roundedRange(10_000, 12_000)).toBe('10,000–12,000');
    expect(roundedRange(10_954.4, 10_990)).toBe('11,000');
  });

  it('leaves a whole figure that needs no rounding as it is (no "about")', () => {
    expect(aboutFigure(11_000)).toBe('11,000');
    expect(aboutFigure(150_000)).toBe('150,000');
  });
});

const consensus = { centre: 19_115.49, bandLow: 17_843.2, bandHigh: 20_411.9, figures: 5, sources: 4, sourceList: ['a', 'b', 'c', 'd'] };

describe('alert texts and webhook text', () => {
  it('say "about 19,000" where the consensus centre is 19,115.49, and keep the exact figure in machine fields', () => {
    const text = explainAlert({
      claim: { measure: 'casualties', low: 60_000, high: 60_000, unit: 'persons', per: null, qualifier: 'exact', status: 'present', source: ['X'], evidenceSentence: '60,000 dead.' },
      consensus,
      departure: { ratio: 60_000 / 20_411.9, direction: 'above', distanceSpreads: 5.2, comparedLow: 60_000, comparedHigh: 60_000, against: 'recent_high', reference: 20_411.9 },
      article: { url: 'https://news.example/a' },
    });
    expect(text).toContain('The consensus is about 19,000 (band 17,800–20,400;');
    expect(text).not.toMatch(/19,115|\.49/);

    const row = {
      id: 1, watch: 'w', measure: 'casualties', low: 60_000, high: 60_000, unit: 'persons', qualifier: 'exact', status: 'present', scope: 'total',
      source: ['X'], centre: consensus.centre, bandLow: consensus.bandLow, bandHigh: consensus.bandHigh, supportSources: consensus.sourceList, support: 5,
      ratio: 2.94, direction: 'above', explanation: text, evidence: '60,000 dead.', articleUrl: 'https://news.example/a', articleTitle: 't',
      createdAt: new Date(), updatedAt: new Date(), corroborations: [],
    } as unknown as AlertRow;
    const event = alertEvent('alert.created', 'msg_1', row, makeConfig({}));
    expect(event.data.alert.consensus.centre).toBe(19_115.49);
    for (const format of ['slack', 'discord'] as const) {
      const body = JSON.stringify(render(format, event));
      expect(body, format).toContain('about 19,000 persons');
      expect(body, format).not.toMatch(/19,115/);
    }
  });
});

describe('the measure chart', () => {
  const base = { unit: 'persons', per: null, qualifier: 'exact', status: 'present', scope: 'total', reportedAt: new Date('2025-01-10T00:00:00Z') };
  it('draws a figure kept out of the consensus faint, history with a dashed ring, each with its legend entry; the centre rounded', async () => {
    const { renderMeasureChart } = await import('../src/web/chart.js');
    const svg = renderMeasureChart({
      unit: 'persons', title: 't',
      consensus: [{ id: 1, at: new Date('2025-01-01T00:00:00Z'), centre: 19_115.49, bandLow: 18_000, bandHigh: 20_000, figures: 3, sources: 3 }],
      figures: [
        { ...base, id: 1, low: 19_000, high: 19_000, source: 'a' },
        { ...base, id: 2, low: 60_000, high: 60_000, source: 'b', departure: { alertId: 7, ratio: 3.1, direction: 'above', state: 'raised', keptOut: true } },
        { ...base, id: 3, low: 70_000, high: 70_000, source: 'c', departure: { alertId: 8, ratio: 3.6, direction: 'above', state: 'history', keptOut: false } },
      ],
    }).toString();
    expect(svg).toMatch(/class="figure point[^"]* kept-out"[^>]*data-claim-id="2"/);
    expect(svg).not.toMatch(/kept-out[^"]*"[^>]*data-claim-id="[13]"/);
    expect(svg).toMatch(/class="departure history"[^>]*data-claim-id="3"/);
    expect(svg).toContain('kept out of the consensus until confirmed or corroborated');
    expect(svg).toContain('history: old news, recorded and never posted');
    expect(svg).toContain('consensus about 19,000');
    expect(svg).toContain('data-centre="19115.49"');
  });
});
