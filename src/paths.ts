import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's own folder, whether run from src/ with tsx or from dist/. */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'claimwatch') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the claimwatch package folder');
    dir = up;
  }
}

export const packageRoot = findRoot();
export const migrationsDir = join(packageRoot, 'migrations');
/** Data that ships with the product: the seed corpus, its claims, the seed watch. */
export const shippedDataDir = join(packageRoot, 'corpus');
export const packageVersion: string = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')).version;
/** The 181 article-extraction benchmark pages (MIT, Scrapinghub), vendored for tests and benches. */
export const benchPagesDir = join(packageRoot, 'corpus', 'article-extraction');
