import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations.js';

/** Table name → column names, and index names, of one dialect's DDL (enough of a parse for our own DDL). */
function shape(ddl: string): { tables: Record<string, string[]>; indexes: string[] } {
  const tables: Record<string, string[]> = {};
  for (const m of ddl.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?(\w+) \(([\s\S]*?)\n?\)(?: WITHOUT ROWID)?;/g)) {
    const cols = m[2]!
      .split(/,(?![^(]*\))/)
      .map((c) => c.trim().split(/\s+/)[0]!)
      .filter((c) => c !== '' && !['PRIMARY', 'CHECK', 'UNIQUE', 'FOREIGN', '--'].includes(c));
    tables[m[1]!] = cols.sort();
  }
  const indexes = [...ddl.matchAll(/CREATE (?:UNIQUE )?INDEX (?:IF NOT EXISTS )?(\w+)/g)].map((m) => m[1]!).sort();
  return { tables, indexes };
}

describe('migrations', () => {
  it('are numbered 1, 2, 3… in order', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it.each(MIGRATIONS.map((m) => [m.version, m.name, m] as const))('%i %s makes the same tables, columns and indexes in SQLite and PostgreSQL', (_v, _n, m) => {
    const sqlite = shape(m.sqlite);
    expect(Object.keys(sqlite.tables).length + sqlite.indexes.length).toBeGreaterThan(0);
    expect(shape(m.postgres)).toEqual(sqlite);
  });
});
