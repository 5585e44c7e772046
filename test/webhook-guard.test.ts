// Webhook targets are guarded like feeds: a webhook URL must not make
// claimwatch post into the operator's own network unless delivery.allowPrivate
// names the address, host or range.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeConfig } from '../src/config.js';
import { post } from '../src/delivery/send.js';

let server: Server;
let port: number;
let received = 0;

beforeAll(async () => {
  server = createServer((req, res) => { received++; req.resume(); res.writeHead(204).end(); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => { await new Promise((resolve) => server.close(resolve)); });

const hook = (url: string) => ({ url, format: 'json', secret: null });

describe('webhook targets', () => {
  it('at a private, loopback or link-local address are refused by default, by IP or by a name that resolves to one', async () => {
    const { allowPrivate } = makeConfig().delivery;
    expect(allowPrivate).toEqual([]);
    for (const url of [`http://127.0.0.1:${port}/hook`, `http://localhost:${port}/hook`, `http://[::ffff:127.0.0.1]:${port}/hook`,
      'http://10.1.2.3:9/hook', 'http://169.254.169.254/latest/meta-data/', 'http://192.168.0.10/hook']) {
      const r = await post(hook(url), 'msg_guard', '{}', 2000, allowPrivate);
      expect(r.outcome, url).toBe('fail'); // not retried: trying again cannot help
      expect(r.statusCode).toBeNull();
      expect(r.error, url).toMatch(/(loopback|private|link-local).*not allowed \(add it to DELIVERY_ALLOW_PRIVATE/);
    }
    expect(received).toBe(0);
  });

  it('are posted to when the operator allows the address, the host or its range', async () => {
    for (const allow of [['127.0.0.1'], ['127.0.0.0/8'], ['localhost']]) {
      const url = allow[0] === 'localhost' ? `http://localhost:${port}/hook` : `http://127.0.0.1:${port}/hook`;
      const before = received;
      const r = await post(hook(url), 'msg_guard', '{}', 2000, makeConfig({ delivery: { allowPrivate: allow } }).delivery.allowPrivate);
      expect(r.outcome, allow.join()).toBe('delivered');
      expect(received).toBe(before + 1);
    }
  });
});
