import type { Watch } from './claims/index.js';
import type { Config } from './config.js';
import { createArticleReader, type ArticleReader } from './article/index.js';
import { loadWatches } from './claims/index.js';
import { createFetcher, type Fetcher } from './fetcher/index.js';

/** The long-lived things the steps use, made once per process. */
export interface Tools {
  fetcher: Fetcher;
  reader: ArticleReader;
  watches: Watch[];
  close(): Promise<void>;
}

export function createTools(config: Config): Tools {
  const fetcher = createFetcher(config.fetch);
  const reader = createArticleReader(config.article);
  const watches = loadWatches(config.claims.watchFiles.length ? config.claims.watchFiles : undefined);
  return {
    fetcher, reader, watches,
    async close() { await Promise.all([fetcher.close(), reader.close()]); },
  };
}
