// Fault injection for the tests that prove nothing is lost between stages: a
// process told to (setting faults.crashAt) kills itself outright the first
// time it reaches that hand-off, as a power cut or an OOM kill would.
import type { Config } from '../config.js';

export type CrashPoint = NonNullable<Config['faults']['crashAt']>;

export function crashPoint(config: Pick<Config, 'faults'>, point: CrashPoint): void {
  if (config.faults.crashAt === point) process.kill(process.pid, 'SIGKILL');
}
