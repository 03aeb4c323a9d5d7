import { Injectable } from '@nestjs/common';
import { EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import type { Role, UserStatus } from '@carebook/shared';
import { escapeLike } from '../../common/sql';
import { User } from './user.entity';

export interface NewUser {
  email: string;
  fullName: string;
  role: Role;
  status: UserStatus;
  phone?: string | null;
  passwordHash: string;
}

export interface UserFilter {
  role?: Role;
  status?: UserStatus;
  q?: string;
  page: number;
  pageSize: number;
}

/** Owns the users table. Other modules call this service, never the table. */
@Injectable()
export class UsersService {
  constructor(private readonly em: EntityManager) {}

  /** Stages a new user in the current unit of work; the caller flushes (so it can add profiles atomically). */
  create(input: NewUser): User {
    return this.em.create(User, { ...input, email: input.email.toLowerCase(), statusReason: null });
  }

  findById(id: string): Promise<User | null> {
    return this.em.findOne(User, { id });
  }

  /** Includes the (lazy) password hash for sign-in checks. */
  /** Display names of the given users, keyed by id (one query). */
  async namesOf(ids: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const users = await this.em.find(User, { id: { $in: unique } }, { fields: ['id', 'fullName'] });
    return new Map(users.map((user) => [user.id, user.fullName]));
  }

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
  async findAuthState(id: string): Promise<Pick<User, 'id' | 'role' | 'status'> | null> {
    const rows = await this.em
      .getConnection()
      .execute<{ id: string; role: Role; status: UserStatus }[]>(
        'select id, role, status from users where id = ?',
        [id],
      );
    return rows[0] ?? null;
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
