import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Making and checking secrets (SPEC §1: stored only as hashes). API keys, session
 * tokens and enrolment codes are random and checked by SHA-256 (engine/audit/hash.ts);
 * passwords, chosen by people, by scrypt.
 */

/** The randomness port: n random bytes. Default: node:crypto randomBytes. */
export type RandomBytes = (n: number) => Buffer;
export const systemRandom: RandomBytes = (n) => randomBytes(n);

/** Scrypt cost parameters for new passwords: N=16384, r=8, p=1 (16 MiB, tens of ms), 16-byte salt, 32-byte key. */
export const SCRYPT = { N: 16384, r: 8, p: 1, saltBytes: 16, keyBytes: 32 } as const;

function scryptAsync(password: string, salt: Buffer, keyBytes: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyBytes, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

// Passwords are compared as Unicode NFC, so the same characters typed on two keyboards match.
const normalize = (password: string): string => password.normalize('NFC');

/** `scrypt$N$r$p$saltB64$hashB64` of a password. */
export async function hashPassword(password: string, random: RandomBytes = systemRandom): Promise<string> {
  const salt = random(SCRYPT.saltBytes);
  const key = await scryptAsync(normalize(password), salt, SCRYPT.keyBytes, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p });
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/**
 * Whether `password` matches a stored scrypt hash. The parameters are read from the
 * hash, so raising the cost later keeps old hashes working. A malformed hash never matches.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
  if (!m) return false;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const salt = Buffer.from(m[4]!, 'base64');
  const expected = Buffer.from(m[5]!, 'base64');
  if (expected.length === 0) return false;
  const key = await scryptAsync(normalize(password), salt, expected.length, {
    N,
    r,
    p,
    maxmem: 256 * N * r * p + 1024 * 1024,
  });
  return timingSafeEqual(key, expected);
}

/**
 * A well-formed hash no password is expected to match: signing in to an unknown account
 * verifies against it, so it costs the same time as a wrong password.
 */
export const DECOY_PASSWORD_HASH = `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${Buffer.alloc(SCRYPT.saltBytes).toString('base64')}$${Buffer.alloc(SCRYPT.keyBytes).toString('base64')}`;

/** Constant-time equality of two SHA-256 hex digests. */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === 32 && y.length === 32 && timingSafeEqual(x, y);
}

/** `bytes` random bytes as base64url without padding. */
export function randomToken(random: RandomBytes, bytes: number): string {
  return random(bytes).toString('base64url');
}

// Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand survives.
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const ENROLMENT_CODE_LENGTH = 10;

/** A 10-character one-time code (50 random bits) for people to type. */
export function enrolmentCode(random: RandomBytes): string {
  return [...random(ENROLMENT_CODE_LENGTH)].map((b) => CODE_ALPHABET[b & 31]).join('');
}

/** The canonical form of a typed code (case, spaces and dashes ignored; O read as 0, I and L as 1), or undefined if it cannot be one. */
export function normalizeEnrolmentCode(typed: string): string | undefined {
  const code = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return code.length === ENROLMENT_CODE_LENGTH && [...code].every((c) => CODE_ALPHABET.includes(c)) ? code : undefined;
}
