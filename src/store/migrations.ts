import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The two SQL dialects a migration is written in, one folder each under src/store/migrations/. */
export const DIALECTS = ['sqlite', 'postgres'] as const;
export type Dialect = (typeof DIALECTS)[number];

/** One step of the schema, in each adapter's dialect. */
export interface Migration {
  /** Applied in increasing order; a database records the last one it has in meta `schema_version`. */
  readonly version: number;
  /** From the file name: `0004-data-sharing-grants.sql` is version 4, "data sharing grants". */
  readonly name: string;
  readonly sqlite: string;
  readonly postgres: string;
}

/** The folder of the migration files, beside this module (`npm run build` copies it into dist/store). */
export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

const FILE = /^(\d{4})-([a-z0-9]+(?:-[a-z0-9]+)*)\.sql$/;

/**
 * Reads the ordered SQL files of both dialects from `dir` (`<dir>/sqlite/0001-initial.sql`, …), each
 * file's text exactly as it is executed. Throws if a folder holds anything else, if the numbers are
 * not 1, 2, 3… without a gap, or if the two dialects do not name the same steps.
 */
export function loadMigrations(dir: string): Migration[] {
  const steps = {} as Record<Dialect, { version: number; name: string; sql: string }[]>;
  for (const dialect of DIALECTS) {
    const folder = `${dir}/${dialect}`;
    steps[dialect] = readdirSync(folder)
      .sort()
      .map((file, i) => {
        const m = FILE.exec(file);
        if (m === null) throw new Error(`${folder}/${file}: a migration is named NNNN-words.sql`);
        const version = Number(m[1]);
        if (version !== i + 1) throw new Error(`${folder}/${file}: expected migration ${i + 1} here`);
        return { version, name: m[2]!.replaceAll('-', ' '), sql: readFileSync(`${folder}/${file}`, 'utf8') };
      });
  }
  const { sqlite, postgres } = steps;
  if (sqlite.length === 0) throw new Error(`${dir}: no migrations`);
  for (let i = 0; i < Math.max(sqlite.length, postgres.length); i++) {
    const [s, p] = [sqlite[i], postgres[i]];
    if (s?.name !== p?.name)
      throw new Error(
        `${dir}: migration ${i + 1} is ${s?.name ?? 'missing'} in sqlite, ${p?.name ?? 'missing'} in postgres`,
      );
  }
  return sqlite.map((s, i) => ({ version: s.version, name: s.name, sqlite: s.sql, postgres: postgres[i]!.sql }));
}

/**
 * Every schema step, in order: the single list both adapters build and upgrade their databases from.
 * A released step is never edited: a change to a released schema is a new file (docs/operations.md).
 */
export const MIGRATIONS: readonly Migration[] = loadMigrations(MIGRATIONS_DIR);

/** The schema version this code reads and writes: the last migration's. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** The migrations a database at `version` still needs, in order. */
export function pendingMigrations(version: number): Migration[] {
  return MIGRATIONS.filter((m) => m.version > version);
}
