import type { CoordinationRepo } from '../coordination-port.js';
import type { PostgresContext } from './postgres-context.js';

/**
 * Transaction-scoped advisory locks, keyed by the schema so that databases sharing a server
 * do not share locks. A process that dies releases them with its connection: no process is
 * elected, and none can leave a lock behind.
 */
export function coordinationRepo({ q }: PostgresContext): CoordinationRepo {
  return {
    async lockSweep(mode) {
      await q(
        mode === 'exclusive'
          ? `SELECT pg_advisory_xact_lock(hashtextextended('standing.sweep/' || current_schema(), 0))`
          : `SELECT pg_advisory_xact_lock_shared(hashtextextended('standing.sweep/' || current_schema(), 0))`,
      );
    },
    async readSnapshot() {
      await q('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    },
  };
}
