import { Injectable, OnModuleInit } from '@nestjs/common';
import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';

/** argon2id with the library's defaults (OWASP-compliant memory and time costs). */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private dummyHash?: Promise<string>;

  /** Computes the dummy hash at boot, so the first unknown email costs no more than any other. */
  async onModuleInit(): Promise<void> {
    await this.dummy();
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false; // a malformed hash is a failed verification, not a crash
    }
  }

  /**
   * Fails, after the same work as `verify` on a real hash (same argon2 parameters):
   * used for an email with no account, so the answer's timing does not reveal
   * which accounts exist.
   */
  async verifyNoAccount(password: string): Promise<false> {
    await this.verify(await this.dummy(), password);
    return false;
  }

  /** A hash of a random secret nobody knows, made once per process. */
  private dummy(): Promise<string> {
    this.dummyHash ??= this.hash(randomBytes(32).toString('base64url'));
    return this.dummyHash;
  }
}
