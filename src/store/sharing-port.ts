/**
 * A data-sharing grant (SPEC §4): the operator lets authority `to` read the records of
 * authority `from` for a stated purpose. One row per pair: granting again after a
 * revocation replaces it (the audit log keeps the history).
 */
export interface ShareRow {
  readonly from: string;
  readonly to: string;
  readonly purpose: string;
  readonly grantedAt: number;
  /** Null while the grant holds. */
  readonly revokedAt: number | null;
}

/** Data-sharing grants between authorities. */
export interface SharingRepo {
  /** Grants (or grants again, with a new purpose and instant) `from` → `to`; the row as stored. */
  putShare(row: { from: string; to: string; purpose: string; grantedAt: number }): Promise<ShareRow>;
  /** Marks a holding grant revoked; false when there is none holding. */
  revokeShare(from: string, to: string, at: number): Promise<boolean>;
  /** Every grant, revoked ones included, in (from, to) order. */
  listShares(): Promise<ShareRow[]>;
}
