import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the one schema file and applied at start by the
// service itself (src/store/db.ts), on PGlite and on PostgreSQL alike.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/store/schema.ts',
  out: './migrations',
});
