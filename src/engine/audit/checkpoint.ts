import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { fail } from '../../core/errors.js';
import type { CheckpointRow } from '../../store/audit-port.js';
import type { EngineDeps } from '../deps.js';
import type { CheckpointClaim } from './audit.js';

/**
 * Signed checkpoints of the audit chains (SPEC §8, docs/audit.md): one C2SP `tlog-checkpoint`
 * per chain, a C2SP `signed-note` signed with Ed25519 by a key kept outside the database.
 *
 *     <key name>/<chain>            origin
 *     <size>                        entries in the chain
 *     <base64 of the head hash>     the hash of entry number <size> (32 bytes)
 *
 *     — <key name> <base64(key id (4 bytes) || Ed25519 signature (64 bytes))>
 *
 * key id = SHA-256(key name || 0x0A || 0x01 || public key)[:4]; the verifier key an outsider
 * is given is `<key name>+<hex key id>+<base64(0x01 || public key)>`.
 */

const ED25519 = 0x01;
const DASH = '\u2014 ';
/** A key name: no spaces, no '+', printable (signed-note), kept to a plain slug-with-slashes here. */
const KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9._/:-]{0,127}$/;

/** A signing key as kept in its file (JSON): the name, the PKCS#8 private key, and the verifier key to hand out. */
export interface CheckpointKeyFile {
  readonly name: string;
  /** PKCS#8 PEM. */
  readonly privateKey: string;
  readonly verifierKey: string;
}

export interface CheckpointSigner {
  readonly name: string;
  readonly privateKey: KeyObject;
  readonly verifierKey: string;
}

export interface Verifier {
  readonly name: string;
  readonly keyId: Buffer;
  readonly publicKey: KeyObject;
}

function rawPublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  return Buffer.from(jwk.x!, 'base64url');
}

function keyId(name: string, raw: Buffer): Buffer {
  return createHash('sha256')
    .update(Buffer.concat([Buffer.from(`${name}\n`, 'utf8'), Buffer.from([ED25519]), raw]))
    .digest()
    .subarray(0, 4);
}

function verifierKeyOf(name: string, raw: Buffer): string {
  return `${name}+${keyId(name, raw).toString('hex')}+${Buffer.concat([Buffer.from([ED25519]), raw]).toString('base64')}`;
}

/** A new Ed25519 key named `name` (CHECKPOINT_KEY_INVALID for a name a signed note cannot carry). */
export function generateCheckpointKey(name: string): CheckpointKeyFile {
  if (!KEY_NAME.test(name))
    fail('CHECKPOINT_KEY_INVALID', `key name "${name}": letters, digits and . _ / : - only, at most 128`, {
      field: 'name',
    });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    name,
    privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    verifierKey: verifierKeyOf(name, rawPublicKey(publicKey)),
  };
}

/** Reads a key file's JSON text; CHECKPOINT_KEY_INVALID when it is not one. */
export function loadCheckpointKey(text: string): CheckpointSigner {
  let parsed: Partial<CheckpointKeyFile>;
  try {
    parsed = JSON.parse(text) as Partial<CheckpointKeyFile>;
  } catch {
    fail('CHECKPOINT_KEY_INVALID', 'the key file is not JSON made by `standing audit keygen`', { field: 'key' });
  }
  if (typeof parsed.name !== 'string' || !KEY_NAME.test(parsed.name) || typeof parsed.privateKey !== 'string')
    fail('CHECKPOINT_KEY_INVALID', 'the key file lacks a valid name or private key', { field: 'key' });
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(parsed.privateKey);
  } catch {
    fail('CHECKPOINT_KEY_INVALID', 'the key file holds no readable private key', { field: 'key' });
  }
  if (privateKey.asymmetricKeyType !== 'ed25519')
    fail('CHECKPOINT_KEY_INVALID', 'the key file holds no Ed25519 key', { field: 'key' });
  const raw = rawPublicKey(createPublicKey(privateKey));
  return { name: parsed.name, privateKey, verifierKey: verifierKeyOf(parsed.name, raw) };
}

/** Parses a verifier key `<name>+<hex id>+<base64(0x01 || key)>`; CHECKPOINT_KEY_INVALID when malformed or its id does not match. */
export function parseVerifierKey(vkey: string): Verifier {
  const bad = (why: string): never => fail('CHECKPOINT_KEY_INVALID', `verifier key: ${why}`, { field: 'verifier' });
  // The base64 part may itself hold '+': split at the first two.
  const m = /^([^+]*)\+([^+]*)\+(.*)$/.exec(vkey.trim());
  if (!m) bad('expected <name>+<hex key id>+<base64 key>');
  const [, name, hexId, b64] = m as unknown as [string, string, string, string];
  if (!KEY_NAME.test(name)) bad(`"${name}" is not a key name`);
  if (!/^[0-9a-f]{8}$/.test(hexId)) bad('the key id is not 8 hex digits');
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.length !== 33 || bytes[0] !== ED25519) bad('not an Ed25519 key (0x01 followed by 32 bytes)');
  const raw = bytes.subarray(1);
  if (keyId(name, raw).toString('hex') !== hexId) bad('the key id does not match the name and key');
  const publicKey = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') },
    format: 'jwk',
  });
  return { name, keyId: Buffer.from(hexId, 'hex'), publicKey };
}

/** The origin line of a chain's checkpoint. */
export const originOf = (keyName: string, chain: string): string => `${keyName}/${chain}`;

/** Signs one chain's state as a checkpoint note. */
export function signCheckpoint(signer: CheckpointSigner, chain: string, size: number, head: string): string {
  const body = `${originOf(signer.name, chain)}\n${size}\n${Buffer.from(head, 'hex').toString('base64')}\n`;
  const raw = rawPublicKey(createPublicKey(signer.privateKey));
  const sig = sign(null, Buffer.from(body, 'utf8'), signer.privateKey);
  const blob = Buffer.concat([keyId(signer.name, raw), sig]).toString('base64');
  return `${body}\n${DASH}${signer.name} ${blob}\n`;
}

/** Splits a text holding one or more notes (as `audit checkpoint` prints them, one after another). */
export function splitNotes(text: string): string[] {
  const notes: string[] = [];
  let current: string[] = [];
  let inSignatures = false;
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    if (inSignatures && !line.startsWith(DASH)) {
      notes.push(`${current.join('\n')}\n`);
      current = [];
      inSignatures = false;
    }
    if (!inSignatures && current.length === 0 && line === '') continue;
    current.push(line);
    if (line === '' && current.length > 1) inSignatures = true;
  }
  if (current.length > 0) notes.push(`${current.join('\n').replace(/\n*$/, '')}\n`);
  return notes;
}

/**
 * Opens one checkpoint note with the verifier: its signature by that key must verify (other
 * signers' lines are ignored, as signed-note says) and its origin must be the key's chain
 * origin. Returns what it states; CHECKPOINT_INVALID otherwise.
 */
export function openCheckpoint(note: string, verifier: Verifier, source: string): CheckpointClaim {
  const bad = (why: string): never => fail('CHECKPOINT_INVALID', `${source}: ${why}`, { field: 'checkpoint' });
  const split = note.lastIndexOf('\n\n');
  if (split < 0) bad('not a signed note (no blank line before the signatures)');
  const body = note.slice(0, split + 1);
  const lines = body.split('\n');
  if (lines.length < 4) bad('a checkpoint has an origin, a size and a root hash line');
  const [origin, sizeText, rootText] = lines as [string, string, string];
  const prefix = `${verifier.name}/`;
  if (!origin.startsWith(prefix)) bad(`origin "${origin}" is not one of key ${verifier.name}`);
  const chain = origin.slice(prefix.length);
  if (!/^(0|[1-9][0-9]{0,15})$/.test(sizeText)) bad(`size "${sizeText}" is not a decimal number`);
  const root = Buffer.from(rootText, 'base64');
  if (root.length !== 32 || root.toString('base64') !== rootText) bad('the root hash is not 32 bytes of base64');
  let signed = false;
  for (const line of note.slice(split + 2).split('\n')) {
    if (line === '') continue;
    if (!line.startsWith(DASH)) bad(`"${line.slice(0, 40)}" is not a signature line`);
    const [name, b64] = line.slice(DASH.length).split(' ');
    if (name !== verifier.name || b64 === undefined) continue;
    const blob = Buffer.from(b64, 'base64');
    if (blob.length !== 68 || !blob.subarray(0, 4).equals(verifier.keyId)) continue;
    if (!verify(null, Buffer.from(body, 'utf8'), verifier.publicKey, blob.subarray(4)))
      bad(`the signature of ${verifier.name} does not verify: the note was altered or signed by another key`);
    signed = true;
  }
  if (!signed) bad(`no signature by ${verifier.name}`);
  return { chain, size: Number(sizeText), head: root.toString('hex'), source };
}

/**
 * `standing audit checkpoint`: signs every chain's current size and head and stores the notes
 * (GET /v1/audit/checkpoints publishes the latest). Returns them in chain order.
 */
export async function writeCheckpoints(
  deps: Pick<EngineDeps, 'store' | 'clock'>,
  signer: CheckpointSigner,
): Promise<CheckpointRow[]> {
  return deps.store.transaction(async (tx) => {
    const at = deps.clock.now();
    const rows: CheckpointRow[] = [];
    for (const h of await tx.auditHeads()) {
      const row = {
        chain: h.chain,
        size: h.seq,
        head: h.hash,
        note: signCheckpoint(signer, h.chain, h.seq, h.hash),
        createdAt: at,
      };
      await tx.insertCheckpoint(row);
      rows.push(row);
    }
    return rows;
  });
}

/** The newest checkpoint of each chain. */
export async function latestCheckpoints(deps: Pick<EngineDeps, 'store'>): Promise<CheckpointRow[]> {
  return deps.store.read((tx) => tx.latestCheckpoints());
}
