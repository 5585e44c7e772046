// Page → article on pages written here: what a reader of the stored article
// would check (its metadata, its paragraphs, its hash), and that pages which
// are not articles, break the DOM or take too long end as UnreadableError.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { makeConfig } from '../src/config.js';
import { benchPagesDir, packageRoot } from '../src/paths.js';
import { createArticleReader, normalizeText, packHtml, slimHtml, slimHtmlBytes, textHash, unpackHtml, UnreadableError, type ArticleReader } from '../src/article/index.js';

const PARAGRAPHS = [
  'Thousands of North Korean soldiers have been moved to the Kursk region, where they are expected to join Russian units on the front line, officials said on Monday.',
  'The deployment, estimated at about 11,000 troops, follows weeks of reports that the soldiers had been training at bases in Russia’s far east before being sent west by train.',
  'Analysts said the move marked a significant escalation. “It changes the character of the war,” one former defence official said, adding that more units could follow within months.',
  'Moscow has not confirmed the figures. Pyongyang’s state media has made no mention of the deployment, although its foreign ministry described ties with Russia as “invincible”.',
];

function articlePage(opts: { head?: string; htmlAttrs?: string; title?: string; body?: string } = {}): string {
  return `<!doctype html>
<html ${opts.htmlAttrs ?? ''}>
<head>
  <meta charset="utf-8">
  <title>${opts.title ?? 'Troops moved to Kursk'} - The Daily Example</title>
  ${opts.head ?? ''}
</head>
<body>
  <header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
  <main>
    <article>
      <h1>${opts.title ?? 'Troops moved to Kursk'}</h1>
      ${opts.body ?? PARAGRAPHS.map((p) => `<p>${p}</p>`).join('\n      ')}
    </article>
  </main>
  <footer><p>© The Daily Example. All rights reserved.</p></footer>
</body>
</html>`;
}

const readers: ArticleReader[] = [];
function reader(article: Record<string, unknown> = {}): ArticleReader {
  const r = createArticleReader(makeConfig({ article }).article, { threads: 1 });
  readers.push(r);
  return r;
}
afterAll(async () => { await Promise.all(readers.map((r) => r.close())); });

async function unreadable(promise: Promise<unknown>): Promise<UnreadableError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(UnreadableError);
  return err as UnreadableError;
}

describe('reading an article page', () => {
  it('takes title, byline, site, language, publication time and canonical URL from the page', async () => {
    const html = articlePage({
      htmlAttrs: 'lang="en-GB"',
      head: `
        <meta property="og:title" content="Troops moved to Kursk">
        <meta property="og:site_name" content="The Daily Example">
        <meta name="author" content="Jane Reporter">
        <meta property="article:published_time" content="2024-11-04T09:30:00+00:00">
        <link rel="canonical" href="/world/2024/11/04/troops-kursk">`,
    });
    const article = await reader().read(html, 'https://news.example.com/world/troops-kursk?utm_source=feed');
    expect(article.title).toBe('Troops moved to Kursk');
    expect(article.byline).toBe('Jane Reporter');
    expect(article.siteName).toBe('The Daily Example');
    expect(article.lang).toBe('en');
    expect(article.publishedAt?.toISOString()).toBe('2024-11-04T09:30:00.000Z');
    expect(article.canonicalUrl).toBe('https://news.example.com/world/2024/11/04/troops-kursk');
    expect(article.dom).toBe('linkedom');
    expect(article.textHash).toBe(textHash(article.text));
  });

  it('falls back to JSON-LD for the date, og:url for the canonical URL, and detects the language from the text', async () => {
    const russian = [
      'Тысячи северокорейских военных переброшены в Курскую область, где они, как ожидается, присоединятся к российским подразделениям на передовой.',
      'По оценкам разведки, речь идёт примерно об одиннадцати тысячах военнослужащих, которые прошли подготовку на полигонах Дальнего Востока.',
      'Аналитики называют это серьёзной эскалацией конфликта и не исключают, что в ближайшие месяцы за первыми подразделениями последуют новые.',
      'Москва эти цифры официально не подтверждает, а государственные СМИ Пхеньяна о переброске войск не сообщают.',
    ];
    const html = articlePage({
      head: `
        <meta property="og:url" content="https://ru.example.com/news/kursk">
        <script type="application/ld+json">
          {"@context": "https://schema.org", "@graph": [
            {"@type": "WebSite", "name": "Пример"},
            {"@type": "NewsArticle", "headline": "Войска в Курской области", "datePublished": "2024-11-05T12:00:00+03:00"}
          ]}
        </script>`,
      title: 'Войска в Курской области',
      body: russian.map((p) => `<p>${p}</p>`).join('\n'),
    });
    const article = await reader().read(html, 'https://ru.example.com/news/kursk?ref=rss');
    expect(article.lang).toBe('ru');
    expect(article.publishedAt?.toISOString()).toBe('2024-11-05T09:00:00.000Z');
    expect(article.canonicalUrl).toBe('https://ru.example.com/news/kursk');
    expect(article.text).toBe(russian.join('\n\n'));
  });

  it('keeps paragraph breaks and leaves captions, share bars and page chrome out of the text', async () => {
    const body = `
      <p>${PARAGRAPHS[0]}</p>
      <figure><img src="/troops.jpg" alt="Soldiers"><figcaption>Soldiers board a train. Photo: Example Agency</figcaption></figure>
      <div class="share-buttons"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a></div>
      <p>${PARAGRAPHS[1]}</p>
      <h2>What comes next</h2>
      <p>${PARAGRAPHS[2].replace('escalation.', 'escalation.<br>')}</p>
      <ul><li>Kursk region</li><li>Far east training bases</li></ul>
      <p>${PARAGRAPHS[3]}</p>`;
    const article = await reader().read(articlePage({ body }), 'https://news.example.com/a');
    const paragraphs = article.text.split('\n\n');
    expect(paragraphs).toEqual([
      PARAGRAPHS[0],
      PARAGRAPHS[1],
      'What comes next',
      PARAGRAPHS[2].replace('escalation. ', 'escalation.\n'),
      'Kursk region',
      'Far east training bases',
      PARAGRAPHS[3],
    ]);
    for (const chrome of ['Photo: Example Agency', 'Facebook', 'All rights reserved', 'Sport']) expect(article.text).not.toContain(chrome);
  });

  it('keeps windows-1251 text intact once the page is decoded', async () => {
    const paragraphs = [
      'Северокорейские военные, по данным разведки, прибыли в Курскую область; их число оценивается в 11 000 человек.',
      'В сообщении говорится, что подразделения прошли подготовку на полигонах в Приморье и будут действовать вместе с российскими частями.',
      'Эксперты отмечают, что «это меняет характер войны» — и не исключают отправки ещё 25 000–30 000 военнослужащих.',
    ];
    const bytes = iconv.encode(articlePage({
      head: '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
      body: paragraphs.map((p) => `<p>${p}</p>`).join('\n'),
    }), 'windows-1251');
    const html = new TextDecoder('windows-1251').decode(bytes);
    const article = await reader().read(html, 'https://ru.example.com/a');
    expect(article.text).toBe(paragraphs.join('\n\n'));
    expect(article.lang).toBe('ru');
  });

  it('reads a page packed for the queue as it reads the page itself', async () => {
    const page = articlePage({
      head: '<script>var title = "Войска — 평양 😀";</script><style>p { color: red }</style>',
      body: ['Северокорейские военные прибыли в Курскую область — около 11\u00a0000 человек.', ...PARAGRAPHS].map((p) => `<p>${p}</p>`).join('\n'),
    });
    const r = reader();
    const packed = packHtml(Buffer.from(page, 'utf8'));
    expect(await r.read(packed, 'https://news.example.com/a')).toEqual(await r.read(page, 'https://news.example.com/a'));
  });

  it('reads on jsdom when configured so', async () => {
    const article = await reader({ dom: 'jsdom' }).read(articlePage(), 'https://news.example.com/a');
    expect(article.dom).toBe('jsdom');
    expect(article.text).toBe(PARAGRAPHS.join('\n\n'));
  });
});

describe('pages that are not readable articles', () => {
  it('a login form is unreadable', async () => {
    const html = `<!doctype html><html><head><title>Sign in</title></head><body>
      <form action="/login" method="post"><h1>Sign in</h1>
        <label>Email <input name="email" type="email"></label>
        <label>Password <input name="password" type="password"></label>
        <button type="submit">Sign in</button> <a href="/forgot">Forgot your password?</a>
      </form></body></html>`;
    const err = await unreadable(reader().read(html, 'https://news.example.com/login'));
    expect(['no article', 'too short']).toContain(err.reason);
  });

  it('a page of links is unreadable', async () => {
    const links = Array.from({ length: 60 }, (_, i) =>
      `<li><a href="/world/story-${i}">World news story number ${i}: officials comment on the latest developments</a></li>`).join('\n');
    const html = `<!doctype html><html><head><title>World</title></head><body><h1>World</h1><ul>${links}</ul></body></html>`;
    await unreadable(reader().read(html, 'https://news.example.com/world'));
  });

  it('a page whose article is under the minimum length is unreadable, with that reason', async () => {
    const html = articlePage({ body: `<p>${PARAGRAPHS[0]}</p>` });
    const err = await unreadable(reader({ minTextLength: 1000 }).read(html, 'https://news.example.com/short'));
    expect(err.reason).toBe('too short');
  });

  // jsdom's CSS parser throws on this nested calc(): a real page in the benchmark set has it.
  const nestedCalc = '@media (min-width:64em){.gallery .slides{min-height:calc(($container-max-width - 16px) / 16 * 9)}}';

  it('a page that makes the DOM throw is unreadable, not a crash', async () => {
    // Left open, the style element runs to the end of the page, so it cannot be dropped before parsing.
    const broken = articlePage({ head: `<style>${nestedCalc}` });
    const err = await unreadable(reader({ dom: 'jsdom' }).read(broken, 'https://news.example.com/a'));
    expect(err.reason).toBe('dom error');
  });

  it('a stylesheet that breaks jsdom does not keep either DOM from the article, as styles are dropped before parsing', async () => {
    const page = articlePage({ head: `<style>${nestedCalc}</style>` });
    for (const dom of ['linkedom', 'jsdom'] as const) {
      const article = await reader({ dom, fallback: false }).read(page, 'https://news.example.com/a');
      expect(article.text, dom).toBe(PARAGRAPHS.join('\n\n'));
    }
  });

  it('a page over the time limit is unreadable, and the reader goes on with the next page', async () => {
    // Readability's cost grows with the square of the nesting depth: seconds for this page.
    const depth = 8000;
    const pathological = `<html><body>${'<div>'.repeat(depth)}${PARAGRAPHS.map((p) => `<p>${p}</p>`).join('')}${'</div>'.repeat(depth)}</body></html>`;
    const r = reader({ timeoutMs: 1000 });
    const err = await unreadable(r.read(pathological, 'https://news.example.com/slow'));
    expect(err.reason).toBe('time limit');
    const article = await r.read(articlePage(), 'https://news.example.com/a');
    expect(article.text).toBe(PARAGRAPHS.join('\n\n'));
  });
});

describe('a page without its scripts and styles', () => {
  it('keeps every word of the page and its JSON-LD, and drops scripts, styles, noscript and comments', () => {
    const page = `<html><head><style>p { color: red }</style><script src="/a.js"></script>
<script type="application/ld+json">{"datePublished":"2024-10-18"}</script></head>
<body><!-- ad slot --><p>Troops <b>moved</b> to Kursk.</p><script>if (a < b) document.write("</p>")</script>
<noscript>Enable JavaScript</noscript><p>More than 10,000 soldiers.</p></body></html>`;
    const slim = slimHtml(page);
    expect(slim).toContain('<p>Troops <b>moved</b> to Kursk.</p>');
    expect(slim).toContain('<p>More than 10,000 soldiers.</p>');
    expect(slim).toContain('{"datePublished":"2024-10-18"}');
    for (const gone of ['color: red', 'a.js', 'ad slot', 'document.write', 'Enable JavaScript']) expect(slim).not.toContain(gone);
  });

  it('ends each piece where a browser ends it: a comment at its first "-->", a script at its first end tag', () => {
    // A script inside a comment is comment; "<!-->" is an empty comment, not the start of a long one.
    expect(slimHtml('<!-- <script> -->kept<!-- </script> -->')).toBe('kept');
    expect(slimHtml('<!-->kept<!--->also kept')).toBe('keptalso kept');
    expect(slimHtml('<script>var s = "<!--";</script>kept -->')).toBe('kept -->');
    expect(slimHtml('<SCRIPT type="text/javascript">x()</SCRIPT >kept')).toBe('kept');
  });

  it('leaves elements that only begin like one alone, and markup it cannot close as it is', () => {
    expect(slimHtml('<style-box>kept</style-box><scripted>kept</scripted>')).toBe('<style-box>kept</style-box><scripted>kept</scripted>');
    expect(slimHtml('<p>kept</p><script>never closed')).toBe('<p>kept</p><script>never closed');
  });

  it('cuts the same pieces from a page\'s bytes as from its text, on these cases and on the 181 benchmark pages', () => {
    const cases = [
      '<!-- <script> -->kept<!-- </script> -->', '<!-->kept<!--->also kept', '<script>var s = "<!--";</script>kept -->',
      '<SCRIPT type="text/javascript">x()</SCRIPT >kept', '<style-box>kept</style-box><scripted>kept</scripted>',
      '<p>kept</p><script>never closed', '<script>a</script foo>b</script>c', '<!-- never closed <p>x', '<noscript>x</NOSCRIPT\n>y',
      '<script type="application/ld+json">{"a":"Пхеньян"}</script><script>"평양"</script>kept', '<script/>x</script>y', '<scrip>x', '<',
    ];
    const pagesDir = join(benchPagesDir, 'html');
    const pages = readdirSync(pagesDir).filter((f) => f.endsWith('.html.gz')).map((f) => gunzipSync(readFileSync(join(pagesDir, f))).toString('utf8'));
    expect(pages).toHaveLength(181);
    for (const page of [...cases, ...pages]) expect(slimHtmlBytes(Buffer.from(page, 'utf8')).toString('utf8')).toBe(slimHtml(page));
  });
});

describe('a page packed for the queue', () => {
  it('comes back as the slimmed page, every character intact, in a fraction of the bytes', () => {
    const body = ['Пхеньян направил 11\u00a0000 военных.', '北朝鮮は約1万1000人を派遣した。', 'Séoul: « 25 000 à 30 000 » 😀'].map((p) => `<p>${p}</p>`).join('').repeat(40);
    const page = `<html><head><script>var s = "Пхеньян <!-- 😀";</script><!-- ein Kommentar: Grüße --></head><body>${body}<style>.é { }</style></body></html>`;
    const packed = packHtml(Buffer.from(page, 'utf8'));
    expect(unpackHtml(packed)).toBe(slimHtml(page));
    expect(unpackHtml(packed)).toContain(body);
    expect(Buffer.byteLength(packed.gzip)).toBeLessThan(Buffer.byteLength(page) / 4);
  });
});

describe('text hash', () => {
  const text = PARAGRAPHS.join('\n\n');

  it('is the same for the same story with other whitespace, quotes, dashes and case', () => {
    const retyped = text
      .replace(/\n\n/g, '\n')
      .replace(/ /g, '  ')
      .replace(/[“”]/g, '"')
      .replace(/’/g, "'")
      .replace('defence official said, adding', 'defence official said — adding')
      .toUpperCase();
    expect(normalizeText(retyped)).toBe(normalizeText(text));
    expect(textHash(retyped)).toBe(textHash(text));
    expect(textHash('ﬁgures of 11 000 troops')).toBe(textHash('figures of 11\u00a0000 troops'));
  });

  it('differs when the story says something else', () => {
    expect(textHash(text.replace('11,000', '12,000'))).not.toBe(textHash(text));
    expect(textHash(text)).toMatch(/^[0-9a-f]{64}$/);
  });
});
