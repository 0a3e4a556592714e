import type { CoordinationRepo } from '../coordination-port.js';
import type { SqliteContext } from './sqlite-context.js';

/** One connection, one transaction at a time (sqlite-store.ts): every transaction already runs alone and sees one snapshot. */
export function coordinationRepo(_ctx: SqliteContext): CoordinationRepo {
  return {
    async lockSweep() {},
    async readSnapshot() {},
  };
}
