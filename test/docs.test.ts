// The README documents what the code does: every setting with its default, every command.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configTable } from '../src/config-doc.js';
import { packageRoot } from '../src/paths.js';

const readme = readFileSync(join(packageRoot, 'README.md'), 'utf8');

describe('the README', () => {
  it('has the configuration table the config schema makes (npx tsx scripts/config-table.ts)', () => {
    expect(readme).toContain(configTable());
  });

  it('has a quick start of two commands: run the service, run the tests', () => {
    const quick = readme.split('## Quick start')[1]?.split('\n## ')[0] ?? '';
    expect(quick).toMatch(/npm install && npm start/);
    expect(quick).toMatch(/npm test/);
  });

  it('names the test command .ci/run calls', () => {
    const ci = readFileSync(join(packageRoot, '.ci/run'), 'utf8');
    expect(ci).toMatch(/^npm test$/m);
  });
});
