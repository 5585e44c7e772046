import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import { maskUrlsDeep, maskUrlsIn } from './mask.js';

export type { Logger };

/** Structured logs (pino); pretty on a terminal, JSON lines otherwise. */
export function createLogger(config: Pick<Config, 'logLevel' | 'logFormat'>, name = 'claimwatch'): Logger {
  const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && process.stderr.isTTY);
  return pino({
    name,
    level: config.logLevel,
    // Secrets never reach a log line, whatever object is logged.
    redact: { paths: ['secret', '*.secret', 'webhook.secret', 'headers.authorization', '*.token'], censor: '[redacted]' },
    // Nor does a credential inside a URL: every logged URL, in a field or a message, is masked (src/mask.ts).
    formatters: { log: (obj) => maskUrlsDeep(obj) },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? maskUrlsIn(a) : a instanceof Error ? maskUrlsDeep(a) : a)) as Parameters<typeof method>);
      },
    },
    transport: pretty ? { target: 'pino-pretty', options: { destination: 2, translateTime: 'SYS:HH:MM:ss' } } : undefined,
  }, pretty ? undefined : pino.destination(2));
}

/** A logger that writes nothing: for tests and tools that print their own output. */
export const silentLogger: Logger = pino({ level: 'silent' });
