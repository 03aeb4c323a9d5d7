import { Injectable } from '@nestjs/common';
import { EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import type { Role, UserStatus } from '@carebook/shared';
import { escapeLike } from '../../common/sql';
import { User } from './user.entity';
import { UsersRepository, type AuthState, type NewUserRow } from './users.repository';

export interface NewUser {
  email: string;
  fullName: string;
  role: Role;
  status: UserStatus;
  phone?: string | null;
  passwordHash: string;
}

interface UserFilter {
  role?: Role;
  status?: UserStatus;
  q?: string;
  page: number;
  pageSize: number;
}

/** Owns the users table. Other modules call this service, never the table. */
@Injectable()
export class UsersService {
  constructor(
    private readonly em: EntityManager,
    private readonly repository: UsersRepository,
  ) {}

  /** Stages a new user in the current unit of work; the caller flushes (so it can add profiles atomically). */
  create(input: NewUser): User {
    return this.em.create(User, { ...input, email: input.email.toLowerCase(), statusReason: null });
  }

  /**
   * Creates many accounts in one statement of the caller's transaction, skipping every email that already has
   * an account (or comes earlier in `rows`); returns the accounts created, with their (lower-cased) emails.
   */
  createMany(rows: readonly NewUser[]): Promise<{ id: string; email: string }[]> {
    return this.repository.insertMany(
      rows.map((row): NewUserRow => ({ ...row, email: row.email.toLowerCase(), phone: row.phone ?? null })),
    );
  }

  findById(id: string): Promise<User | null> {
    return this.em.findOne(User, { id });
  }

  findByEmail(email: string): Promise<User | null> {
    return this.em.findOne(User, { email: email.toLowerCase() });
  }

  /** Display names of the given users, keyed by id (one query). */
  async namesOf(ids: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const users = await this.em.find(User, { id: { $in: unique } }, { fields: ['id', 'fullName'] });
    return new Map(users.map((user) => [user.id, user.fullName]));
  }

  /** Includes the (lazy) password hash for sign-in checks. */
  findByEmailForLogin(email: string): Promise<User | null> {
    return this.em.findOne(User, { email: email.toLowerCase() }, { populate: ['passwordHash'] });
  }

  async findWithPassword(id: string): Promise<User | null> {
    return this.em.findOne(User, { id }, { populate: ['passwordHash'] });
  }

  async emailTaken(email: string): Promise<boolean> {
    return (await this.em.count(User, { email: email.toLowerCase() })) > 0;
  }

  /** The state the access-token check needs, read fresh on every request so suspensions act at once. */
  findAuthState(id: string): Promise<AuthState | null> {
    return this.repository.authState(id);
  }

  /** Ends every access token issued so far for this account (sign-out, password change); refresh tokens are auth's. */
  endAccessTokens(id: string): Promise<void> {
    return this.repository.raiseTokenVersion(id);
  }

  /** Accounts per role and status, for the admin dashboard. */
  async countByRoleAndStatus(): Promise<{ role: Role; status: UserStatus; count: number }[]> {
    return this.em.execute<{ role: Role; status: UserStatus; count: number }[]>(
      'select role, status, count(*)::int as count from users group by role, status',
    );
  }

  /** Whether anyone but administrators has an account (demo data goes only into an empty clinic). */
  async anyoneButAdmins(): Promise<boolean> {
    return (await this.em.count(User, { role: { $ne: 'admin' } })) > 0;
  }

  /** Stages a change of name or phone; the caller flushes. */
  updateContact(user: User, input: { fullName?: string; phone?: string | null }): void {
    if (input.fullName !== undefined) user.fullName = input.fullName;
    if (input.phone !== undefined) user.phone = input.phone;
  }

  /** Stages a new status (and its reason); the caller flushes, with the audit entry that explains it. */
  setStatus(user: User, status: UserStatus, reason: string | null): void {
    user.status = status;
    user.statusReason = reason;
  }

  /** Stages a new password hash; the caller flushes. */
  setPasswordHash(user: User, passwordHash: string): void {
    user.passwordHash = passwordHash;
  }

  async list(filter: UserFilter): Promise<{ items: User[]; total: number }> {
    const where: FilterQuery<User> = {};
    if (filter.role) where.role = filter.role;
    if (filter.status) where.status = filter.status;
    if (filter.q) {
      const like = `%${escapeLike(filter.q)}%`;
      where.$or = [{ fullName: { $ilike: like } }, { email: { $ilike: like } }];
    }
    const [items, total] = await this.em.findAndCount(User, where, {
      orderBy: { createdAt: 'desc', id: 'asc' },
      limit: filter.pageSize,
      offset: (filter.page - 1) * filter.pageSize,
    });
    return { items, total };
  }
}
