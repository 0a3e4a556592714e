import type { ActionDef } from '../core/actions.js';

/** An action granted to an authority (SPEC §9). */
export interface GrantRow {
  readonly authority: string;
  readonly action: string;
  readonly grantedAt: number;
}

/** Meta, authorities, the action registry and grants. */
export interface RegistryRepo {
  // Meta: small key/value facts about the database (schema version, last sweep).
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;

  /** Creates the authorities that do not exist yet (SPEC §9: created on first use); returns those it created, in name order. */
  ensureAuthorities(names: readonly string[], at: number): Promise<string[]>;
  listAuthorities(): Promise<string[]>;

  listActions(): Promise<ActionDef[]>;
  /** Adds an action; false if the name is taken. */
  addAction(def: ActionDef): Promise<boolean>;
  /** Grants an action to an authority; false if it already held it. */
  addGrant(authority: string, action: string, at: number): Promise<boolean>;
  /** In (authority, action) order. */
  listGrants(): Promise<GrantRow[]>;
}
