// What an operator sees when a command goes wrong: one clear line, a non-zero exit.
import { describe, expect, it } from 'vitest';
import { claimwatch } from './helpers/processes.js';

const run = async (args: string[], env: Record<string, string> = {}) => {
  const p = claimwatch(args, env);
  const code = await p.exited;
  return { code, out: p.lines.filter((l) => l.trim()).join('\n') };
};

describe('the command line', () => {
  it('names a bad setting and exits non-zero', async () => {
    const { code, out } = await run(['feeds', 'list'], { FETCH_TIMEOUT_MS: 'soon' });
    expect(code).toBe(1);
    expect(out).toBe('claimwatch: invalid setting FETCH_TIMEOUT_MS: Invalid input: expected number, received NaN');
  });

  it('rejects an unknown queue name', async () => {
    const { code, out } = await run(['worker', '--queues', 'fetch,bogus']);
    expect(code).not.toBe(0);
    expect(out).toMatch(/queues are poll, fetch, process, analyze, deliver/);
  });

  it('rejects an unknown command', async () => {
    const { code, out } = await run(['frobnicate']);
    expect(code).not.toBe(0);
    expect(out).toMatch(/unknown command 'frobnicate'/);
  });

  it('says how to get Redis when none answers and none can be started', async () => {
    const { code, out } = await run(['start'], { REDIS_URL: 'redis://127.0.0.1:1', REDIS_AUTOSTART: 'false' });
    expect(code).toBe(1);
    expect(out.split('\n')).toHaveLength(1);
    expect(out).toMatch(/^claimwatch: no Redis answers at 127\.0\.0\.1:1: install one \(apt-get install redis-server\) or run `docker compose up -d redis`/);
  });

  it('refuses a feed that is not an http URL', async () => {
    const { code, out } = await run(['feeds', 'add', 'ftp://example.org/feed'], { DATA_DIR: `/tmp/cw-cli-${Date.now()}` });
    expect(code).toBe(1);
    expect(out).toBe('claimwatch: only http and https feeds are polled, not ftp:');
  });
});
