import { describe, expectTypeOf, it } from 'vitest';
import type { ReadTx, StoreTx, StoreWriteMethod } from './store.js';

// Type-level: `npm run typecheck` (part of `npm test`) fails when these do not hold.

/** A writing method of StoreTx for every verb a write is named with. */
type Writes =
  | 'insertRecords'
  | 'updateListing'
  | 'deleteStates'
  | 'putStates'
  | 'setMeta'
  | 'addGrant'
  | 'appendAudit'
  | 'replaceSanctions'
  | 'revokeApiKey'
  | 'retractRecord'
  | 'ensureAuthorities'
  | 'markDirty'
  | 'takeDirty'
  | 'claimDeliveries'
  | 'completeMatchSet'
  | 'dropMatchSets'
  | 'entitle'
  | 'finishDelivery'
  | 'replayDelivery'
  | 'rotateWebhookSecret'
  | 'touchApiKey'
  | 'useEnrolment'
  | 'decideReport'
  | 'lockSweep'
  | 'readSnapshot';

/** Reads, some of whose names begin like a verb of a write. */
type Reads = 'getMeta' | 'activeSanctions' | 'entitlementsOf' | 'isEntitled' | 'dirtyAmong' | 'candidates';

describe('ReadTx, StoreTx without its writing methods', () => {
  it('leaves out every method named as a write, whatever the verb', () => {
    expectTypeOf<Writes>().toMatchTypeOf<StoreWriteMethod>();
    expectTypeOf<Extract<keyof ReadTx, Writes>>().toEqualTypeOf<never>();
  });

  it('keeps the reads, and a StoreTx is a ReadTx', () => {
    expectTypeOf<Extract<keyof ReadTx, Reads>>().toEqualTypeOf<Reads>();
    expectTypeOf<StoreTx>().toMatchTypeOf<ReadTx>();
  });
});
