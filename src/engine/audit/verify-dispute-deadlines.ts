import { setDeadlines } from '../due-process/dispute-deadlines.js';
import { keyedCheck, str, type CrossCheck } from './cross-check.js';

/**
 * Authorities' dispute deadlines (SPEC §6): the duration the operator set, as its last
 * 'dispute-deadline' entry says. It decides the deadline of every dispute filed after it,
 * so when a record stops counting.
 */
export function verifyDisputeDeadlines(): CrossCheck {
  return keyedCheck({
    table: 'dispute_deadlines',
    types: ['dispute-deadline'],
    vouch(e, p) {
      const authority = str(p, 'authority');
      return authority === undefined ? undefined : { key: authority, value: str(p, 'duration') };
    },
    async rows(tx) {
      return Object.entries(await setDeadlines(tx)).map(([authority, duration]) => ({
        key: authority,
        chain: authority,
        id: authority,
        value: duration,
      }));
    },
    name: (key) => `the dispute deadline of ${key}`,
  });
}
