// After tsc: copies the migration files (src/store/migrations/<dialect>/NNNN-*.sql) into dist/store,
// where the compiled src/store/migrations.js reads them. The folder is replaced, not merged, so a
// renamed or removed file does not linger in dist.
import { cpSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const from = fileURLToPath(new URL('../src/store/migrations/', import.meta.url));
const to = fileURLToPath(new URL('../dist/store/migrations/', import.meta.url));
rmSync(to, { recursive: true, force: true });
for (const dialect of ['sqlite', 'postgres']) cpSync(`${from}${dialect}`, `${to}${dialect}`, { recursive: true });
