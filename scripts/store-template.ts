// Makes store-template/pglite-<version>.tar.gz: an empty PGlite cluster that a
// new embedded store starts from instead of running initdb (see
// src/store/pglite.ts). Run after upgrading @electric-sql/pglite, and commit
// the file (and remove the old version's).
//   npm run store:template
import { mkdirSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { startParams, templateDir, templateFile } from '../src/store/pglite.js';

const pg = await PGlite.create({ startParams: startParams() });
const dump = await pg.dumpDataDir('gzip');
await pg.close();
mkdirSync(templateDir, { recursive: true });
const file = templateFile();
writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
console.log(`${file}: ${(dump.size / 1024 / 1024).toFixed(1)} MB`);
