/** Words for the values the staff pages show (states, list types, roles), in the page's language; unknown values stay as they are. */
import { t, type Key } from './i18n.js';

const STATES: Readonly<Record<string, Key>> = {
  noticed: 'state.noticed',
  active: 'state.active',
  suspended: 'state.suspended',
  ended: 'state.ended',
  pending: 'state.pending',
  upheld: 'state.upheld',
  overturned: 'state.overturned',
  confirmed: 'case.state.confirmed',
  retracted: 'case.state.retracted',
};

const LIST_TYPES: Readonly<Record<string, Key>> = {
  blacklist: 'listType.blacklist',
  redlist: 'listType.redlist',
  watchlist: 'listType.watchlist',
};

const ROLES: Readonly<Record<string, Key>> = {
  admin: 'console.role.admin',
  reporter: 'console.role.reporter',
  reviewer: 'console.role.reviewer',
  auditor: 'console.role.auditor',
};

/** A listing's, appeal's or dispute's state: "active", "upheld", "retracted". */
export function stateWord(state: string): string {
  const key = STATES[state];
  return key ? t(key) : state;
}

/** A list's type: blacklist, redlist, watchlist. */
export function listTypeWord(type: string): string {
  const key = LIST_TYPES[type];
  return key ? t(key) : type;
}

/** A staff role. */
export function roleWord(role: string): string {
  const key = ROLES[role];
  return key ? t(key) : role;
}

const EFFECTS: Readonly<Record<string, Key>> = {
  deny: 'scheme.effect.deny',
  limit: 'scheme.effect.limit',
  waive: 'scheme.effect.waive',
  priority: 'scheme.effect.priority',
};

/** A sanction's effect: deny, limit, waive, priority. */
export function effectWord(effect: string): string {
  const key = EFFECTS[effect];
  return key ? t(key) : effect;
}

/** The kind of subject a scheme judges: person or org. */
export function subjectTypeWord(type: string): string {
  return type === 'person' ? t('scheme.subject.person') : type === 'org' ? t('scheme.subject.org') : type;
}
