import type { PackedFacts } from '../core/evaluate-matched.js';

/**
 * How both adapters keep one subject's packed facts under one set (evaluate-matched.ts):
 * the numbers as a little-endian float64 BLOB, read back as a Float64Array without a value
 * allocated per number, and the few strings they index as a JSON array (null when none).
 */
export function encodeFacts(facts: PackedFacts): { values: Buffer; strings: string | null } {
  const values = Buffer.from(Float64Array.from(facts.values).buffer);
  return { values, strings: facts.strings.length === 0 ? null : JSON.stringify(facts.strings) };
}

export function decodeFacts(values: Uint8Array, strings: string | null): PackedFacts {
  // A Float64Array needs an 8-byte-aligned offset; a driver's buffer may be a slice of a pool.
  const aligned = values.byteOffset % 8 === 0 ? values : Uint8Array.prototype.slice.call(values);
  return {
    values: new Float64Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 8),
    strings: strings === null ? [] : (JSON.parse(strings) as string[]),
  };
}
