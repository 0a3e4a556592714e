import type { RecordInput } from './record.js';

const INT64_LIMIT = 2 ** 63;

/** JSON → CEL values: a number with no fractional part is an int (BigInt), any other a double (SPEC §3 item 3). */
export function toCelValue(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) && v >= -INT64_LIMIT && v < INT64_LIMIT ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map(toCelValue);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      const x = toCelValue((v as Record<string, unknown>)[k]);
      // `__proto__` stays data (SPEC §2), never a prototype: assigning it would set one. Any other
      // name (`constructor` too) assigns an own member.
      if (k === '__proto__') setOwn(out, k, x);
      else out[k] = x;
    }
    return out;
  }
  return v;
}

/** A record as CEL sees it: fields of SPEC §2, occurredAt as a timestamp. */
export function toCelRecord(r: RecordInput): Record<string, unknown> {
  return {
    key: r.key,
    authority: r.authority,
    subject: r.subject,
    kind: r.kind,
    occurredAt: new Date(r.occurredAt),
    data: r.data === '{}' ? {} : toCelValue(JSON.parse(r.data)),
    evidence: r.evidence,
  };
}

/** Sets an own data member, even one named `__proto__` (plain assignment would change the prototype). */
export function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}
