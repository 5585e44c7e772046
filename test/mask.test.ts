// One masking rule for every URL shown: log lines and webhook events as well
// as pages (test/web.security.test.ts covers pages and API answers).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { makeConfig } from '../src/config.js';
import { alertData, feedEvent, type AlertRow, type FeedEventRow, type FeedRow } from '../src/delivery/payload.js';
import { packageRoot } from '../src/paths.js';

describe('credentials in URLs', () => {
  it('never reach a log line, in a field, a message or an error', () => {
    const script = `
      import { createLogger } from './src/log.ts';
      const log = createLogger({ logLevel: 'info', logFormat: 'json' });
      log.info({ url: 'https://u:LogFieldPw1@h.example/x?token=LogFieldTok2', nested: { feed: 'https://h.example/rss?api_key=LogNestedKey3' } }, 'fetched https://h.example/?sig=LogMsgSig4');
      log.warn(new Error('refused https://a:LogErrPw5@c.example/'));
      log.error({ err: new TypeError('gone https://c.example/?access_token=LogErrTok6') }, 'failed');
    `;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: packageRoot, encoding: 'utf8' });
    const lines = r.stderr.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    for (const secret of ['LogFieldPw1', 'LogFieldTok2', 'LogNestedKey3', 'LogMsgSig4', 'LogErrPw5', 'LogErrTok6']) expect(r.stderr).not.toContain(secret);
    expect(lines[0].url).toBe('https://***:***@h.example/x?token=***');
    expect(lines[0].msg).toBe('fetched https://h.example/?sig=***');
    expect(lines[2].err.type).toBe('TypeError');
    expect(lines[2].err.message).toBe('gone https://c.example/?access_token=***');
  });

  it('never reach a webhook receiver in an event about a feed or an alert', () => {
    const config = makeConfig({ dashboard: { publicUrl: 'https://cw.example.org' } });
    const feed = { id: 3, url: 'https://reader:EvFeedPw1@wire.example/rss?key=EvFeedKey2', title: 'Wire', status: 'broken',
      lastError: 'HTTP 401 from https://reader:EvFeedPw1@wire.example/rss' } as FeedRow;
    const event = { id: 9, feedId: 3, kind: 'broken', message: 'https://wire.example/rss?key=EvFeedKey2 failed 3 times', at: new Date() } as FeedEventRow;
    const fe = JSON.stringify(feedEvent('msg_1', event, feed, config));
    expect(fe).not.toMatch(/EvFeedPw1|EvFeedKey2/);
    expect(fe).toContain('https://***:***@wire.example/rss?key=***');
    const alert = {
      id: 1, watch: 'w', measure: 'troops', low: 1, high: 2, unit: 'persons', qualifier: 'exact', status: 'present', scope: 'total', source: [],
      centre: 1, bandLow: 1, bandHigh: 1, supportSources: [], support: 1, ratio: 2, direction: 'above', explanation: '', evidence: '',
      articleUrl: 'https://news.example/story?id=4&token=EvArticleTok3', articleTitle: 't', createdAt: new Date(), updatedAt: new Date(),
      corroborations: [{ source: 's', url: 'https://u:EvCorrPw4@news.example/b', at: new Date().toISOString() }],
    } as unknown as AlertRow;
    const ad = alertData(alert, config);
    expect(ad.article.url).toBe('https://news.example/story?id=4&token=***');
    expect(JSON.stringify(ad)).not.toMatch(/EvArticleTok3|EvCorrPw4/);
  });
});
