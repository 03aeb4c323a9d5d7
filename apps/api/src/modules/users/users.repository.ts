import { Injectable } from '@nestjs/common';
import { raw } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Role, UserStatus } from '@carebook/shared';

/** The users module's SQL; the only code that names the `users` table (others read the `user_accounts` view). */
@Injectable()
export class UsersRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Id, role and status, read on every request: plain SQL, so no entity is built or tracked in the
   * request's identity map for it.
   */
  async authState(id: string): Promise<{ id: string; role: Role; status: UserStatus } | null> {
    const rows = await this.em
      .getConnection()
      .execute<{ id: string; role: Role; status: UserStatus }[]>(
        raw('select id, role, status from users where id = :id', { id }),
      );
    return rows[0] ?? null;
  }
}
