import { namedBodies } from '../due-process/appeal-bodies.js';
import { keyedCheck, str, type CrossCheck } from './cross-check.js';
import { liftedDigest, secondInstanceDigest } from './row-digest.js';

/** Second instances (SPEC §6): the hash of the row in its 'second-instance' entry, then in its 'decision'. */
export function verifySecondInstances(): CrossCheck {
  return keyedCheck({
    table: 'second_instances',
    types: ['second-instance', 'decision'],
    vouch(e, p) {
      if (e.type === 'decision' && p.case !== 'second-instance') return undefined;
      const id = e.type === 'second-instance' ? p['second-instance'] : p.id;
      return { key: String(id), value: str(p, 'row') };
    },
    async rows(tx) {
      return (await tx.secondInstancesOf({})).map((s) => ({
        key: String(s.id),
        chain: s.authority,
        id: s.id,
        value: secondInstanceDigest(s),
      }));
    },
    name: (key) => `second instance ${key}`,
  });
}

/** Relying parties told a sanction was lifted: the hash of each row in its 'sanction-lifted' entry. */
export function verifyLiftedNotices(): CrossCheck {
  return keyedCheck({
    table: 'lifted_notices',
    types: ['sanction-lifted'],
    vouch(_e, p) {
      return { key: String(p.notice), value: str(p, 'row') };
    },
    async rows(tx) {
      return (await tx.liftedNoticesOf({})).map((n) => ({
        key: String(n.id),
        chain: n.authority,
        id: n.id,
        value: liftedDigest(n),
      }));
    },
    name: (key) => `sanction-lifted notification ${key}`,
  });
}

/** Appeal bodies the operator named (SPEC §6): each as its last 'appeal-body' entry says; a cleared one is absent. */
export function verifyAppealBodies(): CrossCheck {
  return keyedCheck({
    table: 'appeal_bodies',
    types: ['appeal-body'],
    vouch(_e, p) {
      const authority = str(p, 'authority');
      return authority === undefined ? undefined : { key: authority, value: p.body === null ? null : str(p, 'body') };
    },
    async rows(tx) {
      return Object.entries(await namedBodies(tx)).map(([authority, body]) => ({
        key: authority,
        chain: authority,
        id: authority,
        value: body,
      }));
    },
    name: (key) => `the appeal body of ${key}`,
  });
}
