// Password hashing with scrypt (memory-hard, from node:crypto); the parameters travel with the
// hash so they can be raised later without breaking old hashes.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const DEFAULTS = { N: 1 << 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_LENGTH, { ...options, maxmem: 128 * options.N! * options.r! * 2 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export class PasswordHasher {
  constructor(private readonly params: { N: number; r: number; p: number } = DEFAULTS) {}

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await derive(password, salt, this.params);
    const { N, r, p } = this.params;
    return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const [scheme, n, r, p, salt, key] = stored.split('$');
    if (scheme !== 'scrypt' || !salt || !key) return false;
    const expected = Buffer.from(key, 'base64');
    const actual = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }
}

/** Password rules: long enough to resist guessing, short enough to bound hashing cost. */
export function passwordProblem(password: string, email: string): string | null {
  if (password.length < 12) return 'password must be at least 12 characters long';
  if (password.length > 256) return 'password must be at most 256 characters long';
  if (new Set(password).size < 6) return 'password must use at least 6 different characters';
  if (password.toLowerCase().includes(email.split('@')[0]!.toLowerCase()))
    return 'password must not contain the e-mail name';
  return null;
}
