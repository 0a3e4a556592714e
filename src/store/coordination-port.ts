/**
 * How the transactions of several processes on one database stay out of each other's way
 * (docs/fleet.md). SQLite runs one transaction at a time, so there these do nothing.
 */
export interface CoordinationRepo {
  /**
   * Takes the sweep lock until the transaction ends; call it before anything else in the
   * transaction. `shared` for re-evaluating subjects whose facts changed (batches of
   * different subjects run side by side), `exclusive` for a time-driven step (one at a time
   * across every process on the database, so each step is done once, in the order of the
   * instants, and never beside a re-evaluation of the same subject).
   */
  lockSweep(mode: 'shared' | 'exclusive'): Promise<void>;
  /**
   * Makes every read of this transaction see one snapshot of the database, as of its first
   * read; the transaction may then only read. Call it before anything else in the transaction
   * (`audit verify` does, so that writers at work cannot make a sound log look broken).
   */
  readSnapshot(): Promise<void>;
}
