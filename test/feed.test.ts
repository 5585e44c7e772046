// Feeds as publishers write them: each format read into the same items, keyed
// the way new items are told from old ones, and bad bodies refused with a
// message an operator understands.
import { describe, expect, it } from 'vitest';
import { FeedParseError, normalizeUrl, parseFeed } from '../src/feed/index.js';
import { buildOpml, parseOpml } from '../src/feed/opml.js';

const FEED_URL = 'https://news.example.com/feeds/world.xml';

function parseError(body: string): FeedParseError {
  try {
    parseFeed(body, FEED_URL);
  } catch (err) {
    if (err instanceof FeedParseError) return err;
    throw err;
  }
  throw new Error('expected a FeedParseError');
}

describe('parseFeed', () => {
  it('reads RSS 2.0: title, site, ttl, items keyed by guid or link', () => {
    const feed = parseFeed(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>World &amp; Politics</title>
  <link>https://news.example.com/world</link>
  <description>d</description>
  <ttl>30</ttl>
  <atom:link href="${FEED_URL}" rel="self"/>
  <item>
    <title>North Korean troops reach Kursk</title>
    <link>https://News.Example.com:443/world/2024/11/kursk?utm_source=rss&amp;utm_medium=feed#comments</link>
    <guid isPermaLink="false">nk-kursk-1</guid>
    <pubDate>Mon, 04 Nov 2024 10:15:00 GMT</pubDate>
  </item>
  <item>
    <title>  Seoul   raises its estimate </title>
    <link>/world/2024/11/estimate?b=2&amp;a=1</link>
    <pubDate>not a date</pubDate>
  </item>
  <item>
    <title>A permalink guid and no link</title>
    <guid>https://news.example.com/world/2024/11/guid-only</guid>
  </item>
  <item><title>An Atom-style link</title><link href="https://news.example.com/world/atomish"/></item>
  <item><title>No link at all, skipped</title><description>x</description></item>
</channel>
</rss>`, FEED_URL);
    expect(feed.title).toBe('World & Politics');
    expect(feed.siteUrl).toBe('https://news.example.com/world');
    expect(feed.ttlSeconds).toBe(1800);
    expect(feed.items).toEqual([
      {
        key: 'nk-kursk-1',
        url: 'https://news.example.com/world/2024/11/kursk',
        title: 'North Korean troops reach Kursk',
        publishedAt: new Date('2024-11-04T10:15:00Z'),
      },
      {
        key: 'https://news.example.com/world/2024/11/estimate?a=1&b=2',
        url: 'https://news.example.com/world/2024/11/estimate?a=1&b=2',
        title: 'Seoul raises its estimate',
        publishedAt: null,
      },
      {
        key: 'https://news.example.com/world/2024/11/guid-only',
        url: 'https://news.example.com/world/2024/11/guid-only',
        title: 'A permalink guid and no link',
        publishedAt: null,
      },
      {
        key: 'https://news.example.com/world/atomish',
        url: 'https://news.example.com/world/atomish',
        title: 'An Atom-style link',
        publishedAt: null,
      },
    ]);
  });

  it('keys two tracking variants of one link alike', () => {
    const feed = parseFeed(`<rss version="2.0"><channel><title>t</title>
<item><link>https://a.example/story?id=7&amp;utm_campaign=x</link></item>
<item><link>https://a.example/story?fbclid=abc&amp;id=7</link></item>
</channel></rss>`, FEED_URL);
    expect(feed.items.map((i) => i.key)).toEqual(['https://a.example/story?id=7', 'https://a.example/story?id=7']);
  });

  it('reads RSS 1.0 (RDF), keyed by rdf:about, dated by dc:date', () => {
    const feed = parseFeed(`<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://rdf.example/rss">
    <title>RDF News</title><link>https://rdf.example/</link><description>d</description>
    <items><rdf:Seq><rdf:li resource="https://rdf.example/a1"/></rdf:Seq></items>
  </channel>
  <item rdf:about="https://rdf.example/a1">
    <title>Pyongyang confirms deployment</title>
    <link>https://rdf.example/a1?ref=rss</link>
    <dc:date>2025-04-28T06:00:00Z</dc:date>
  </item>
</rdf:RDF>`, FEED_URL);
    expect(feed.title).toBe('RDF News');
    expect(feed.siteUrl).toBe('https://rdf.example/');
    expect(feed.ttlSeconds).toBeNull();
    expect(feed.items).toEqual([{
      key: 'https://rdf.example/a1', url: 'https://rdf.example/a1', title: 'Pyongyang confirms deployment',
      publishedAt: new Date('2025-04-28T06:00:00Z'),
    }]);
  });

  it('reads RSS 0.91', () => {
    const feed = parseFeed(`<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel>
  <title>Old School</title><link>http://old.example/</link><description>d</description><language>en-us</language>
  <item><title>First</title><link>http://old.example/1</link></item>
  <item><title>Second</title><link>http://old.example/2</link></item>
</channel></rss>`, FEED_URL);
    expect(feed.title).toBe('Old School');
    expect(feed.items.map((i) => [i.key, i.title])).toEqual([['http://old.example/1', 'First'], ['http://old.example/2', 'Second']]);
  });

  it('reads Atom: id as key, the alternate link, published else updated', () => {
    const feed = parseFeed(`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Atom Wire</title>
  <link rel="self" href="${FEED_URL}"/>
  <link rel="alternate" href="https://atom.example/"/>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2025-01-10T12:00:00Z</updated>
  <entry>
    <title>Casualty figures revised</title>
    <link rel="edit" href="https://atom.example/edit/1"/>
    <link rel="alternate" type="text/html" href="https://atom.example/2025/01/casualties"/>
    <id>tag:atom.example,2025:1</id>
    <published>2025-01-10T09:00:00Z</published>
    <updated>2025-01-10T11:00:00Z</updated>
  </entry>
  <entry>
    <title>Only updated</title>
    <link href="https://atom.example/2025/01/updated"/>
    <id>tag:atom.example,2025:2</id>
    <updated>2025-01-09T08:00:00Z</updated>
  </entry>
</feed>`, FEED_URL);
    expect(feed.title).toBe('Atom Wire');
    expect(feed.siteUrl).toBe('https://atom.example/');
    expect(feed.items).toEqual([
      { key: 'tag:atom.example,2025:1', url: 'https://atom.example/2025/01/casualties', title: 'Casualty figures revised', publishedAt: new Date('2025-01-10T09:00:00Z') },
      { key: 'tag:atom.example,2025:2', url: 'https://atom.example/2025/01/updated', title: 'Only updated', publishedAt: new Date('2025-01-09T08:00:00Z') },
    ]);
  });

  it('reads JSON Feed 1.1 and 1.0', () => {
    const v11 = parseFeed(JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'JSON Desk',
      home_page_url: 'https://json.example/',
      items: [
        { id: 'j-1', url: 'https://json.example/a?utm_source=x', title: 'Troops rotated', date_published: '2025-02-01T10:00:00+09:00' },
        { id: 'j-2', title: 'No URL: skipped', content_text: 'x' },
        { id: 'j-3', external_url: 'https://elsewhere.example/b', content_text: 'untitled' },
      ],
    }), FEED_URL);
    expect(v11).toEqual({
      title: 'JSON Desk', siteUrl: 'https://json.example/', ttlSeconds: null,
      items: [
        { key: 'j-1', url: 'https://json.example/a', title: 'Troops rotated', publishedAt: new Date('2025-02-01T01:00:00Z') },
        { key: 'j-3', url: 'https://elsewhere.example/b', title: null, publishedAt: null },
      ],
    });
    const v1 = parseFeed(`\uFEFF${JSON.stringify({ version: 'https://jsonfeed.org/version/1', title: 'Old JSON', items: [{ id: 42, url: '/p/42' }] })}`, FEED_URL);
    expect(v1.items).toEqual([{ key: '42', url: 'https://news.example.com/p/42', title: null, publishedAt: null }]);
  });

  it('refuses malformed XML with a clear message', () => {
    const err = parseError('<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title><item><title>x</titl></item>');
    expect(err.message).toMatch(/^malformed XML in the feed at https:\/\/news\.example\.com\/feeds\/world\.xml: /);
  });

  it('says so when an HTML page is served as a feed', () => {
    expect(parseError('<!DOCTYPE html>\n<html lang="en"><head><title>News</title></head><body><p>hi</p></body></html>').message)
      .toMatch(/this is an HTML page, not a feed/);
    // Not well-formed either: still recognised as HTML.
    expect(parseError('<html><head><meta charset=utf-8><title>x</title><body><br><p>unclosed').message)
      .toMatch(/this is an HTML page, not a feed/);
  });

  it('refuses other XML, JSON that is not a JSON Feed, and an empty body', () => {
    expect(parseError('<?xml version="1.0"?><urlset><url><loc>https://a.example/</loc></url></urlset>').message)
      .toMatch(/not a feed: its root element is <urlset>/);
    expect(parseError('{"items": []}').message).toMatch(/not a JSON Feed/);
    expect(parseError('{"version": ').message).toMatch(/malformed JSON/);
    expect(parseError('   \n').message).toMatch(/empty/);
  });

  it('ignores a ttl that is not a positive number', () => {
    expect(parseFeed('<rss version="2.0"><channel><title>t</title><ttl>soon</ttl></channel></rss>', FEED_URL).ttlSeconds).toBeNull();
  });
});

describe('normalizeUrl', () => {
  it.each([
    ['HTTPS://News.Example.COM/World/Story', 'https://news.example.com/World/Story'],
    ['http://example.com:80/a', 'http://example.com/a'],
    ['https://example.com:443/a', 'https://example.com/a'],
    ['https://example.com:8443/a', 'https://example.com:8443/a'],
    ['https://example.com/a#section-2', 'https://example.com/a'],
    ['https://example.com/a?utm_source=tw&utm_medium=social&utm_campaign=x&id=5', 'https://example.com/a?id=5'],
    ['https://example.com/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&ref=home', 'https://example.com/a'],
    ['https://example.com/a?z=1&b=2&a=3', 'https://example.com/a?a=3&b=2&z=1'],
    ['https://example.com/a?tag=x&tag=a', 'https://example.com/a?tag=x&tag=a'],
    ['https://example.com/a?', 'https://example.com/a'],
    ['https://example.com/a?q=Kim%20Jong&UTM_Source=x', 'https://example.com/a?q=Kim%20Jong'],
    ['https://example.com./a', 'https://example.com/a'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeUrl(input)).toBe(expected);
  });

  it('resolves a relative link against a base', () => {
    expect(normalizeUrl('../b?utm_source=x#top', 'https://example.com/news/a/')).toBe('https://example.com/news/b');
  });

  it('throws on what is not a URL', () => {
    expect(() => normalizeUrl('not a url')).toThrow();
  });
});

describe('OPML', () => {
  const exported = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>My subscriptions</title></head>
  <body>
    <outline text="World" title="World">
      <outline type="rss" text="Korea Desk" xmlUrl="https://korea.example/rss?section=nk&amp;lang=en" htmlUrl="https://korea.example/"/>
      <outline text="Europe">
        <outline type="rss" text="Kyiv Daily" title="Kyiv Daily (EN)" xmlUrl="https://kyiv.example/feed"/>
      </outline>
    </outline>
    <outline type="rss" xmlurl="https://lower.example/atom.xml"/>
    <outline type="rss" text="Korea Desk again" xmlUrl="https://korea.example/rss?section=nk&amp;lang=en"/>
  </body>
</opml>`;

  it('reads nested outlines, once per feed', () => {
    expect(parseOpml(exported)).toEqual([
      { url: 'https://korea.example/rss?section=nk&lang=en', title: 'Korea Desk' },
      { url: 'https://kyiv.example/feed', title: 'Kyiv Daily (EN)' },
      { url: 'https://lower.example/atom.xml', title: 'https://lower.example/atom.xml' },
    ]);
  });

  it('round-trips through buildOpml, special characters included', () => {
    const feeds = [
      { url: 'https://a.example/rss?x=1&y=2', title: 'Tom & Jerry\'s "News" <daily>' },
      { url: 'https://b.example/feed', title: 'Пхеньян сегодня' },
    ];
    const xml = buildOpml(feeds);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<opml version="2.0">/);
    expect(parseOpml(xml)).toEqual(feeds);
    expect(parseOpml(buildOpml([]))).toEqual([]);
  });

  it('refuses malformed OPML clearly', () => {
    expect(() => parseOpml('<opml><body><outline xmlUrl="x"></body></opml>')).toThrow(/malformed OPML/);
    expect(() => parseOpml('<rss version="2.0"></rss>')).toThrow(/not an OPML document/);
  });
});
