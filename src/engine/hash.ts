import { createHash } from 'node:crypto';

/** SHA-256 hex of a UTF-8 string: record hashes and audit chains. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
