import type { Effect } from './scheme-types.js';

/** A registered action: what a relying party asks about, its domain, and the effect a sanction on it may have. */
export interface ActionDef {
  readonly name: string;
  readonly domain: string;
  readonly effect: Effect;
  readonly description?: string;
}

/** The registry as lookup; the store holds the operator's additions beside the built-ins. */
export type ActionRegistry = ReadonlyMap<string, ActionDef>;

export function registryOf(actions: readonly ActionDef[]): ActionRegistry {
  return new Map(actions.map((a) => [a.name, a]));
}

/** Effects a list type's sanctions may have (SPEC §3): blacklists restrict, redlists privilege, watchlists have none. */
export function effectsForListType(type: 'blacklist' | 'redlist' | 'watchlist'): readonly Effect[] {
  switch (type) {
    case 'blacklist':
      return ['deny', 'limit'];
    case 'redlist':
      return ['waive', 'priority'];
    case 'watchlist':
      return [];
  }
}

export const ACTION_NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
