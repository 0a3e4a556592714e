import { createCipheriv, createDecipheriv, type Cipher, type Decipher } from 'node:crypto';

/**
 * Decision ids made from access-log row ids (SPEC §4: a check's answer carries an id to cite
 * it by, and the cited decision can be found). The id is the row id encrypted with a key the
 * database keeps (AES-128 of one block: the row id in its first 8 bytes, zeros in the rest),
 * written as a UUID-shaped string. So an id is unique and leads straight to its row by the
 * primary key, with no index of random ids to update on every check, and a relying party
 * cannot read from its ids how many checks others made, nor guess another's id.
 */
export interface DecisionIds {
  /** The decision id of access-log row `id`. */
  encode(id: number): string;
  /** The row id behind a decision id; undefined for text that is not an id made with this key. */
  decode(text: string): number | undefined;
}

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function decisionIds(keyHex: string): DecisionIds {
  const key = Buffer.from(keyHex, 'hex');
  if (key.length !== 16) throw new Error('a decision-id key is 16 bytes, in hex');
  // ECB over exactly one block without padding: one cipher object serves every call.
  const cipher: Cipher = createCipheriv('aes-128-ecb', key, null).setAutoPadding(false);
  const decipher: Decipher = createDecipheriv('aes-128-ecb', key, null).setAutoPadding(false);
  const block = Buffer.alloc(16);
  return {
    encode(id) {
      block.fill(0);
      block.writeBigUInt64BE(BigInt(id), 0);
      const h = cipher.update(block).toString('hex');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    },
    decode(text) {
      const t = text.toLowerCase();
      if (!UUID_SHAPE.test(t)) return undefined;
      const plain = decipher.update(Buffer.from(t.replaceAll('-', ''), 'hex'));
      if (plain.readBigUInt64BE(8) !== 0n) return undefined;
      const id = plain.readBigUInt64BE(0);
      return id > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(id);
    },
  };
}
