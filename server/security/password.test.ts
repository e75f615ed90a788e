import { describe, expect, it } from 'vitest';
import { DEFAULT_AUTH_SETTINGS } from '../settings.ts';
import { hashParameters, hashPassword, verifyPassword } from './password.ts';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery', 10);
    await expect(verifyPassword('correct horse battery', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horse batterY', stored)).resolves.toBe(false);
    await expect(verifyPassword('', stored)).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same', 10)).not.toBe(await hashPassword('same', 10));
  });

  it('uses OWASP scrypt parameters by default (N=2^17, r=8, p=1)', async () => {
    const stored = await hashPassword('a long passphrase', DEFAULT_AUTH_SETTINGS.scryptLogN);
    expect(hashParameters(stored)).toEqual({ N: 131072, r: 8, p: 1 });
    await expect(verifyPassword('a long passphrase', stored)).resolves.toBe(true);
  });

  it('treats a malformed stored hash as a mismatch, not a crash', async () => {
    await expect(verifyPassword('x', 'bcrypt$whatever')).resolves.toBe(false);
  });
});
