// Prints the README's configuration table from the config schema itself:
//   npx tsx scripts/config-table.ts
import { configTable } from '../src/config-doc.js';

process.stdout.write(`${configTable()}\n`);
