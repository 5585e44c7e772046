// Every setting is checked at start, alone and against the others, and a bad
// one stops the command with a message that names it.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const fails = (env: Record<string, string>) => {
  try {
    loadConfig({ CLAIMWATCH_CONFIG: '/dev/null', ...env });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error(`${JSON.stringify(env)} was accepted`);
};

describe('settings', () => {
  it('each bad value is refused, naming its setting', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ FETCH_ALLOW_PRIVATE: '10.0.0.0/8,999.1.1.1/99' }, /^invalid setting FETCH_ALLOW_PRIVATE: "999\.1\.1\.1\/99" is not a CIDR range/],
      [{ FETCH_ALLOW_PRIVATE: '999.1.1.1' }, /^invalid setting FETCH_ALLOW_PRIVATE: "999\.1\.1\.1" is neither/],
      [{ DELIVERY_ALLOW_PRIVATE: 'not a host!' }, /^invalid setting DELIVERY_ALLOW_PRIVATE: /],
      [{ REDIS_URL: 'garbage' }, /^invalid setting REDIS_URL: not a URL/],
      [{ REDIS_URL: 'http://127.0.0.1:6379' }, /^invalid setting REDIS_URL: a Redis URL starts with redis:\/\/ or rediss:\/\//],
      [{ DATABASE_URL: 'localhost/claimwatch' }, /^invalid setting DATABASE_URL: not a URL/],
      [{ DASHBOARD_PUBLIC_URL: 'javascript:alert(1)' }, /^invalid setting DASHBOARD_PUBLIC_URL: /],
      [{ DASHBOARD_HOST: '0.0.0.0/0' }, /^invalid setting DASHBOARD_HOST: /],
      [{ DASHBOARD_TOKEN: '   ' }, /^invalid setting DASHBOARD_TOKEN: is only white space/],
      [{ DASHBOARD_PORT: '70000' }, /^invalid setting DASHBOARD_PORT: /],
      [{ LOG_LEVEL: 'loud' }, /^invalid setting LOG_LEVEL: /],
      [{ FETCH_TIMEOUT_MS: 'soon' }, /^invalid setting FETCH_TIMEOUT_MS: /],
    ];
    for (const [env, expected] of cases) expect(fails(env), JSON.stringify(env)).toMatch(expected);
  });

  it('settings that do not fit together are refused, naming the one to change', () => {
    expect(fails({ DUPLICATES_BANDS: '48' })).toMatch(/^invalid setting DUPLICATES_BANDS: 48 bands must divide DUPLICATES_NUM_HASHES \(64\)/);
    expect(fails({ DUPLICATES_NUM_HASHES: '32', DUPLICATES_BANDS: '64' })).toMatch(/^invalid setting DUPLICATES_BANDS: /);
    expect(fails({ FEED_MIN_INTERVAL_SECONDS: '7200', FEED_MAX_INTERVAL_SECONDS: '3600' })).toMatch(/^invalid setting FEED_MIN_INTERVAL_SECONDS: 7200 is above FEED_MAX_INTERVAL_SECONDS/);
    expect(fails({ FEED_DEFAULT_INTERVAL_SECONDS: '120' })).toMatch(/^invalid setting FEED_DEFAULT_INTERVAL_SECONDS: 120 is outside/);
    expect(fails({ FEED_MAX_BACKOFF_SECONDS: '120' })).toMatch(/invalid setting FEED_MAX_BACKOFF_SECONDS: 120 is below FEED_MIN_INTERVAL_SECONDS/);
    // Every problem at once, in one line.
    const both = fails({ REDIS_URL: 'garbage', DUPLICATES_BANDS: '48' });
    expect(both).toMatch(/REDIS_URL.*; invalid setting DUPLICATES_BANDS/);
    expect(both).not.toContain('\n');
  });

  it('good values pass, cleaned', () => {
    const c = loadConfig({
      CLAIMWATCH_CONFIG: '/dev/null', FETCH_ALLOW_PRIVATE: ' 10.0.0.0/8, wire.internal ,::1,[fd00::1]', DELIVERY_ALLOW_PRIVATE: '127.0.0.1',
      REDIS_URL: 'rediss://:pw@redis.internal:6380/2', DATABASE_URL: 'postgres://cw@db.internal/claimwatch', DASHBOARD_HOST: '0.0.0.0',
      DASHBOARD_TOKEN: ' 0123456789abcdef ', DUPLICATES_NUM_HASHES: '128', DUPLICATES_BANDS: '32',
    });
    expect(c.fetch.allowPrivate).toEqual(['10.0.0.0/8', 'wire.internal', '::1', '[fd00::1]']);
    expect(c.delivery.allowPrivate).toEqual(['127.0.0.1']);
    expect(c.dashboard.token).toBe('0123456789abcdef');
    expect(loadConfig({ CLAIMWATCH_CONFIG: '/dev/null' }).delivery.allowPrivate).toEqual([]);
  });
});
