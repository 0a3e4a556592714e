/**
 * A pass (SPEC §14): a subject lets whoever holds its token see one answer about it — a
 * check of one action, or its grade under one scheme — until it expires or is revoked.
 * The token itself is never stored: only its SHA-256 (`tokenHash`), so a reader of the
 * database cannot present a pass.
 */
export interface PassRow {
  /** A public id (not the token): the subject names the pass by it to revoke it. */
  readonly id: string;
  readonly subject: string;
  /** An action name (`rental.deposit`) or `scheme:AUTHORITY/ID`. */
  readonly purpose: string;
  /** `party:NAME` or `account:NAME`, or null when any holder may verify it. */
  readonly recipient: string | null;
  /** SHA-256 of the token, hex. */
  readonly tokenHash: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly revokedAt: number | null;
  /** The account that created it (the subject's own), or null for the operator's CLI. */
  readonly createdBy: string | null;
}

/** Passes. */
export interface PassRepo {
  insertPass(row: PassRow): Promise<void>;
  getPass(id: string): Promise<PassRow | undefined>;
  passByTokenHash(tokenHash: string): Promise<PassRow | undefined>;
  /** Every pass of one subject, newest first. */
  passesOf(subject: string): Promise<PassRow[]>;
  /** Marks a pass revoked; false when it was already. */
  revokePass(id: string, at: number): Promise<boolean>;
  /** Every pass, in id order (audit verify). */
  listPasses(): Promise<PassRow[]>;
}
