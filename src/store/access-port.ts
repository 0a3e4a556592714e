import type { DecisionEffect } from '../core/decision.js';

/**
 * What the access log records of a check: its effect, or `refused` for a check refused to an
 * unentitled party (or a pass that was revoked, expired or presented by another than its
 * recipient); for a pass of a scheme's grade, `grade:ID`, or `no-grade` (SPEC §14).
 */
export type AccessEffect = DecisionEffect | 'refused' | 'no-grade' | `grade:${string}`;

/** One check of one subject (SPEC §4): who asked, about what, what they were told, when. */
export interface AccessEntry {
  readonly subject: string;
  /** The relying party, or `operator` for a check from the operator's CLI. */
  readonly party: string;
  readonly action: string;
  readonly effect: AccessEffect;
  readonly at: number;
}

export interface AccessRow extends AccessEntry {
  readonly id: number;
  /**
   * The decision id the answer carried (SPEC §4: so it can be cited). The store assigns it
   * when it appends the entry; null only for PostgreSQL entries logged before ids existed.
   */
  readonly decision: string | null;
}

export interface PartyRow {
  readonly name: string;
  readonly createdAt: number;
  /** The actions it is entitled to check, in name order. */
  readonly actions: readonly string[];
}

/** Relying parties, their entitlements, and the subjects' access log. */
export interface AccessRepo {
  /** Adds a relying party; false if the name is taken. */
  addParty(name: string, at: number): Promise<boolean>;
  getParty(name: string): Promise<PartyRow | undefined>;
  /** Every relying party with its entitlements, in name order. */
  listParties(): Promise<PartyRow[]>;
  /** Entitles a party (which must exist) to an action (which must be registered); false if it already was. */
  entitle(party: string, action: string, at: number): Promise<boolean>;
  /** One indexed lookup: the hot path of a check. */
  isEntitled(party: string, action: string): Promise<boolean>;
  entitlementsOf(party: string): Promise<string[]>;
  /**
   * Appends a batch of entries in order (a group commit of concurrent checks); answers each
   * entry's decision id, in the same order.
   */
  appendAccess(rows: readonly AccessEntry[]): Promise<string[]>;
  /** Every check of one subject, oldest first (newest last). */
  accessLogOf(subject: string): Promise<AccessRow[]>;
  /** The entry whose answer carried this decision id (SPEC §4: a decision can be cited, so it can be found). */
  accessByDecision(decision: string): Promise<AccessRow | undefined>;
  countAccess(): Promise<number>;
  /**
   * Deletes up to `limit` of the oldest entries made before `before`: of `party`, or (party
   * null) of every party not in `except`. Keeps every entry of a subject with a listing not
   * yet ended, whose end must still tell the parties that checked it (SPEC §6, sanction
   * lifted). Returns how many it deleted.
   */
  deleteAccessBefore(input: {
    readonly before: number;
    readonly party: string | null;
    readonly except: readonly string[];
    readonly limit: number;
  }): Promise<number>;
}
