import { OPERATOR_CHAIN } from '../../core/audit-entry.js';
import { keyedCheck, str, type CrossCheck } from './cross-check.js';
import { accountDigest, apiKeyDigest, passwordDigest } from './row-digest.js';

const KEY = 'key:';

/** Accounts and their roles: the row hash of the last 'account' entry that states one. */
export function verifyAccounts(): CrossCheck {
  return keyedCheck({
    table: 'accounts',
    types: ['account'],
    vouch(_e, p) {
      const account = str(p, 'account');
      if (account === undefined || account.startsWith(KEY)) return undefined;
      const change = str(p, 'change') ?? '';
      // Entries about an account's acts (an enrolment code it issued, its password) do not restate the row.
      if (change !== 'created' && !change.startsWith('enrolled:')) return undefined;
      return { key: account, value: str(p, 'row') };
    },
    async rows(tx) {
      return (await tx.listAccounts()).map((a) => ({
        key: a.name,
        chain: a.authority ?? OPERATOR_CHAIN,
        id: a.name,
        value: accountDigest(a),
      }));
    },
    name: (key) => `account ${key}`,
  });
}

/** API keys: existence, secret hash, roles, party and revocation, against the key's last entry. */
export function verifyApiKeys(): CrossCheck {
  return keyedCheck({
    table: 'api_keys',
    types: ['account'],
    vouch(_e, p) {
      const account = str(p, 'account');
      if (account === undefined || !account.startsWith(KEY)) return undefined;
      return { key: account.slice(KEY.length), value: str(p, 'row') };
    },
    async rows(tx) {
      return (await tx.listApiKeys({ includeRevoked: true })).map((k) => ({
        key: k.id,
        chain: k.authority ?? OPERATOR_CHAIN,
        id: k.id,
        value: apiKeyDigest(k),
      }));
    },
    name: (key) => `API key ${key}`,
  });
}

/** Password hashes: a password set behind the log would let someone sign in as the account. */
export function verifyPasswords(): CrossCheck {
  return keyedCheck({
    table: 'passwords',
    types: ['account'],
    vouch(_e, p) {
      const account = str(p, 'account');
      const change = str(p, 'change') ?? '';
      if (account === undefined || (change !== 'password-set' && !change.startsWith('enrolled:'))) return undefined;
      return { key: account, value: str(p, 'password') };
    },
    async rows(tx) {
      const accounts = new Map((await tx.listAccounts()).map((a) => [a.name, a]));
      return (await tx.allPasswords()).map((p) => ({
        key: p.account,
        chain: accounts.get(p.account)?.authority ?? OPERATOR_CHAIN,
        id: p.account,
        value: passwordDigest(p),
      }));
    },
    name: (key) => `password of ${key}`,
  });
}
