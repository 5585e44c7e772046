// Opening the embedded PGlite with a small footprint (issue 21).
//
// Its memory is a WebAssembly heap that only grows, inside the service's own
// process, so every buffer PostgreSQL's defaults ask for stays resident for
// good: shared_buffers alone (128 MB by default) is touched at start. The
// settings below are those of a small PostgreSQL, sized for one service's
// store (the dashboard's queries over 100,000 articles read indexes, not whole
// tables).
//
// A new store starts from an empty cluster shipped with the package
// (store-template/), not from initdb: PGlite runs initdb in a second WebAssembly
// instance and copies its result through an uncompressed tarball in memory,
// which took a first start to 830–950 MB resident, against about 350 MB from
// the template. The template belongs to one PGlite version; with any other,
// the store is made by initdb as before (`npm run store:template` makes the
// template again after an upgrade).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { packageRoot } from '../paths.js';

/** PostgreSQL settings the embedded store runs with (`-c name=value` each). */
export const PGLITE_SETTINGS: Record<string, string> = {
  shared_buffers: '16MB',
  // Index builds in migrations; the default 64 MB would stay resident after them.
  maintenance_work_mem: '16MB',
  work_mem: '2MB',
  temp_buffers: '2MB',
};

export const templateDir = join(packageRoot, 'store-template');

/** The installed PGlite's version (the template must come from the same one). */
export function pgliteVersion(): string {
  // The package's exports do not include its package.json: found from its entry point.
  let dir = new URL('.', import.meta.resolve('@electric-sql/pglite')).pathname;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      const json = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string; version: string };
      if (json.name === '@electric-sql/pglite') return json.version;
    }
    const up = join(dir, '..');
    if (up === dir) throw new Error('cannot find the version of @electric-sql/pglite');
    dir = up;
  }
}

export const templateFile = (version = pgliteVersion()) => join(templateDir, `pglite-${version}.tar.gz`);

export function startParams(): string[] {
  return [...PGlite.defaultStartParams, ...Object.entries(PGLITE_SETTINGS).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
}

function isEmptyCluster(pgdata: string): boolean {
  return !existsSync(pgdata) || readdirSync(pgdata).length === 0;
}

/** Opens (or makes) the PGlite cluster in `pgdata`. */
export async function openPglite(pgdata: string): Promise<PGlite> {
  const template = templateFile();
  const fromTemplate = isEmptyCluster(pgdata) && existsSync(template);
  return PGlite.create(pgdata, {
    startParams: startParams(),
    ...(fromTemplate ? { loadDataDir: new Blob([readFileSync(template)]) } : {}),
  });
}
