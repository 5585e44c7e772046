// `claimwatch watches`: list the loaded watches, check a watch file as the
// service loads it, try a watch on pages. A bad watch is refused whole, every
// problem on its own line naming the file, the path in it and what is
// allowed, and the service does not start on one. `try` writes nothing: the
// data folder it is given stays empty.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_WATCH_DIR } from '../src/claims/watch.js';
import { claimwatch } from './helpers/processes.js';

const EXAMPLE = join(SHIPPED_WATCH_DIR, 'examples', 'earthquake-toll.yaml');
let dir: string;
let dataDir: string;
let bad: string;
let pages: string;

const run = async (args: string[], env: Record<string, string> = {}) => {
  const p = claimwatch(args, { DATA_DIR: dataDir, ...env });
  const code = await p.exited;
  return { code, lines: p.lines.filter((l) => l.trim()) };
};

const page = (published: string, title: string, body: string) =>
  `<!doctype html><html lang="en"><head><title>${title}</title><meta property="article:published_time" content="${published}"></head>`
  + `<body><article><h1>${title}</h1>${body.split('\n').map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cw-cli-watches-'));
  dataDir = mkdtempSync(join(tmpdir(), 'cw-cli-watches-data-'));
  bad = join(dir, 'bad-toll.yaml');
  writeFileSync(bad, [
    'id: bad-toll', 'name: A toll', 'languages: [en]', 'consensus: {minSources: two}',
    'measures:', '  deaths:', '    unit: persons', '    nouns: {en: [dead]}',
    '    consensus:', '      kind: cumulativ', '      plausible: {max: "500k"}', '',
  ].join('\n'));
  pages = join(dir, 'pages');
  rmSync(pages, { recursive: true, force: true });
  mkdirSync(pages);
  // Written out of order: `try` takes them in publication order.
  writeFileSync(join(pages, '1-late.html'), page('2026-03-05T10:00:00Z', 'UN: earthquake toll far higher',
    'OCHA said 3,000 people were killed by the earthquake, far more than officials have counted.'));
  writeFileSync(join(pages, '2-first.html'), page('2026-03-02T08:00:00Z', 'Earthquake kills at least 300',
    'The earthquake killed at least 300 people, the civil protection agency said.\nAbout 200 people are still missing.'));
  writeFileSync(join(pages, '3-stream.yaml'), [
    '- id: b1', '  published: 2026-03-02T15:00:00Z', '  title: Quake toll rises', '  text: The health ministry said 310 people died in the earthquake.',
    '- id: b2', '  published: 2026-03-03T09:00:00Z', '  title: Red Cross on the quake', '  text: The Red Cross said some 300 people were killed in the earthquake and 1,200 injured.',
    '',
  ].join('\n'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

describe('claimwatch watches', () => {
  it('check: every problem of a bad watch, one line each, with the file, the path and what is allowed; exit 1', async () => {
    const { code, lines } = await run(['watches', 'check', bad, EXAMPLE]);
    expect(code).toBe(1);
    expect(lines).toContain(`${EXAMPLE}: ok, watch earthquake-toll (deaths, injured, displaced; en, de, fr, es)`);
    const problems = lines.filter((l) => l.includes(bad));
    expect(problems).toHaveLength(3);
    expect(problems).toContainEqual(expect.stringMatching(/bad-toll\.yaml: measures\.deaths\.consensus\.kind: .*"level"\|"cumulative" \(got "cumulativ"\)$/));
    expect(problems).toContainEqual(expect.stringMatching(/bad-toll\.yaml: measures\.deaths\.consensus\.plausible\.max: .*expected number.*\(got "500k"\)$/));
    expect(problems).toContainEqual(expect.stringMatching(/bad-toll\.yaml: consensus\.minSources: .*expected number/));
  });

  it('the service refuses to start on a bad watch, before it opens anything', async () => {
    // No Redis answers there: the watch's lines, not Redis's, say why it stopped.
    const { code, lines } = await run(['start', '--no-dashboard'], { WATCH_FILES: bad, REDIS_URL: 'redis://127.0.0.1:1', REDIS_AUTOSTART: 'false' });
    expect(code).toBe(1);
    expect(lines.every((l) => l.startsWith(`claimwatch: invalid watch file ${bad}: `))).toBe(true);
    expect(lines.some((l) => l.includes('measures.deaths.consensus.kind'))).toBe(true);
    expect(lines.join('\n')).not.toMatch(/Redis/);
  });

  it('list: the loaded watches with their measures, languages and files', async () => {
    const { code, lines } = await run(['watches', 'list'], { WATCH_FILES: EXAMPLE });
    expect(code).toBe(0);
    expect(lines).toEqual(expect.arrayContaining([
      'earthquake-toll: The toll of the Aldera earthquake', `  file: ${EXAMPLE}`, '  languages: en, de, fr, es',
      '    deaths: count in persons, cumulative, plausible 10–200,000',
    ]));
    const json = await run(['watches', 'list', '--json']);
    expect(JSON.parse(json.lines.join('\n')).map((w: { id: string }) => w.id)).toEqual(['dprk-troops-russia']);
  });

  it('try: claims per page, the consensus in publication order, the departure it raises; writes nothing', async () => {
    const { code, lines } = await run(['watches', 'try', EXAMPLE, pages]);
    expect(code).toBe(0);
    const text = lines.join('\n');
    // Publication order: the first page, the stream's two, the late one.
    const order = ['2-first.html', '3-stream.yaml#b1', '3-stream.yaml#b2', '1-late.html'].map((p) => text.indexOf(`${p} (en`));
    expect(order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1]))).toBe(true);
    expect(text).toMatch(/deaths\s+300\s+at_least/);
    expect(text).toMatch(/injured\s+1,200\s+exact/);
    expect(text).toMatch(/after 3-stream\.yaml#b2: earthquake-toll\.deaths 30\d(\.\d+)? \(band 300–310, 3 figures from 3 sources\)/);
    expect(text).toMatch(/1-late\.html: earthquake-toll\.deaths present exact 3,000 is above/);
    expect(readdirSync(dataDir)).toEqual([]);

    const json = await run(['watches', 'try', EXAMPLE, join(pages, '2-first.html'), join(pages, '3-stream.yaml'), join(pages, '1-late.html'), '--json']);
    const r = JSON.parse(json.lines.join('\n'));
    expect(r.pages.map((p: { claims: unknown[] }) => p.claims.length)).toEqual([1, 1, 2, 1]);
    expect(r.departures).toEqual([expect.objectContaining({ page: join(pages, '1-late.html'), measure: 'deaths', low: 3000, direction: 'above', corroborates: false })]);
  });

  it('try: a page that cannot be read is named, the others are still tried; a bad watch exits 2', async () => {
    const missing = await run(['watches', 'try', EXAMPLE, join(dir, 'nope.txt'), pages]);
    expect(missing.code).toBe(1);
    expect(missing.lines[0]).toBe(`${join(dir, 'nope.txt')}: no such file or folder`);
    const badWatch = await run(['watches', 'try', bad, pages]);
    expect(badWatch.code).toBe(2);
    expect(badWatch.lines[0]).toMatch(/^invalid watch file .*bad-toll\.yaml: /);
  });
});
