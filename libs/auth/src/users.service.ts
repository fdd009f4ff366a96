import { EntityManager, LockMode, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@dialer/core';
import { Actor, AuditService } from '@dialer/audit';
import { EmailTakenError, LastAdminError } from './auth.errors';
import { Role, User } from './entities/user.entity';
import { PasswordHasher } from './password-hasher';
import { normaliseEmail } from './user-presenter';

export interface NewUser {
  email: string;
  displayName: string;
  password: string;
  role: Role;
}

export interface UserChanges {
  displayName?: string;
  password?: string;
  role?: Role;
  active?: boolean;
}

/** A row read for a change: locked until it commits, and read again rather than taken from the identity map. */
const LOCKED = { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true } as const;

/** Whether a change signs out whoever holds a token of the account: a deactivation or a password reset. */
export const endsSessions = (changes: UserChanges): boolean => changes.active === false || changes.password !== undefined;

@Injectable()
export class UsersService {
  constructor(
    private readonly em: EntityManager,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
  ) {}

  list({ role, active }: { role?: Role; active?: boolean } = {}): Promise<User[]> {
    const where = { ...(role && { role }), ...(active !== undefined && { active }) };
    return this.em.find(User, where, { orderBy: { email: 'asc' } });
  }

  /** Who each of these accounts is (display name and email), by id, in one query: for pages that list what people did. */
  async whoAre(ids: readonly string[]): Promise<Map<string, { displayName: string; email: string }>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const users = await this.em.find(User, { id: { $in: unique } }, { fields: ['id', 'displayName', 'email'], disableIdentityMap: true });
    return new Map(users.map((user) => [user.id, { displayName: user.displayName, email: user.email }]));
  }

  async get(id: string): Promise<User> {
    const user = await this.em.findOne(User, { id });
    if (!user) throw new NotFoundError('User', id);
    return user;
  }

  async create(input: NewUser, actor: Actor): Promise<User> {
    const email = normaliseEmail(input.email);
    const user = this.em.create(User, {
      email,
      displayName: input.displayName.trim(),
      passwordHash: await this.hasher.hash(input.password),
      role: input.role,
      active: true,
    });
    this.audit.record(actor, {
      action: 'user.created',
      entityType: 'user',
      entityId: user.id,
      data: { email, role: input.role },
    });
    try {
      await this.em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw new EmailTakenError(email);
      throw error;
    }
    return user;
  }

  /**
   * One change of an account, applied to its row as it is now: locked and
   * read again in the change's transaction, so two admins changing the same
   * account at once (a reset racing a deactivation) apply one after the
   * other, and no session version moved on is written back over. Losing the
   * last admin is checked with every active admin locked.
   */
  async update(id: string, changes: UserChanges, actor: Actor): Promise<User> {
    // Hashed first: a slow hash holds no lock.
    const passwordHash = changes.password === undefined ? undefined : await this.hasher.hash(changes.password);
    return this.em.transactional(async (em) => {
      // The active admins first, always in one order, then the account: two admins demoting each other wait, never deadlock.
      const mayRemoveAdmin = changes.active === false || (changes.role !== undefined && changes.role !== 'admin');
      const admins = mayRemoveAdmin ? await em.find(User, { role: 'admin', active: true }, { ...LOCKED, orderBy: { id: 'asc' } }) : [];
      const user = await em.findOne(User, { id }, LOCKED);
      if (!user) throw new NotFoundError('User', id);
      if (mayRemoveAdmin && user.role === 'admin' && user.active && admins.length <= 1) throw new LastAdminError();

      // What a role or an activation was before the change, for the audit trail.
      const before = { role: user.role, active: user.active };
      if (changes.displayName !== undefined) user.displayName = changes.displayName.trim();
      if (changes.role !== undefined) user.role = changes.role;
      if (changes.active !== undefined) user.active = changes.active;
      if (passwordHash !== undefined) user.passwordHash = passwordHash;
      // Whoever held a token of this account (a stolen one included) signs in again.
      if (endsSessions(changes)) user.sessionVersion += 1;

      const { password, ...visible } = changes;
      this.audit.record(
        actor,
        { action: 'user.updated', entityType: 'user', entityId: user.id, data: { ...visible, passwordChanged: password !== undefined, before } },
        em,
      );
      return user;
    });
  }
}
