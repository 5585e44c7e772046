import type { Config } from './config.js';
import type { Logger } from './log.js';
import type { Queues } from './queues.js';
import type { Db, Store } from './store/db.js';

/** What a job needs to run a step: built once per process and passed in. */
export interface Context {
  config: Config;
  store: Store;
  db: Db;
  log: Logger;
  queues: Queues;
}
