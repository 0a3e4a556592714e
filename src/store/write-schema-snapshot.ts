import { writeFileSync } from 'node:fs';
import { freshPostgresSchema, freshSqliteSchema, SNAPSHOT_PATHS } from './schema-snapshot.js';

// `npm run schema:snapshot`: writes the committed schema of each dialect from a fresh database.
// PostgreSQL needs a server: STANDING_TEST_PG (or the first argument) names a database to make a
// scratch schema in. Without one only SQLite's is written and the exit status is 1.
writeFileSync(SNAPSHOT_PATHS.sqlite, await freshSqliteSchema());
console.log(`wrote ${SNAPSHOT_PATHS.sqlite}`);
const url = process.argv[2] ?? process.env.STANDING_TEST_PG;
if (url) {
  writeFileSync(SNAPSHOT_PATHS.postgres, await freshPostgresSchema(url));
  console.log(`wrote ${SNAPSHOT_PATHS.postgres}`);
} else {
  console.error(
    `${SNAPSHOT_PATHS.postgres} not written: set STANDING_TEST_PG to a postgres:// URL (scripts/ci-postgres.sh)`,
  );
  process.exitCode = 1;
}
