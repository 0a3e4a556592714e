import type { CoordinationRepo } from '../coordination-port.js';
import type { SqlRunner } from './dialect.js';

/**
 * How the transactions of several processes on one database stay out of each other's way
 * (docs/fleet.md): transaction-scoped advisory locks where the database has them (a process that
 * dies releases them with its connection: no process is elected, and none can leave a lock
 * behind), and a read-only snapshot where transactions run side by side. SQLite has one
 * connection and one transaction at a time (sqlite-store.ts): every transaction already runs
 * alone and sees one snapshot, so there both do nothing.
 */
export function coordinationRepo({ dialect, all }: SqlRunner): CoordinationRepo {
  return {
    async lockSweep(mode) {
      if (dialect.can.advisoryLocks)
        await all(dialect.advisoryLock('standing.sweep', { shared: mode === 'shared' }).compile(dialect.sql));
    },
    async readSnapshot() {
      if (dialect.can.isolationLevels) await all(dialect.snapshotReadOnly().compile(dialect.sql));
    },
  };
}
