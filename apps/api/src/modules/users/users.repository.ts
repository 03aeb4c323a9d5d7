import { Injectable } from '@nestjs/common';
import { raw } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Role, UserStatus } from '@carebook/shared';
import { executeBound, PreparedStatement } from '../../database/bound-statement';

/** An account to insert as is (email already lower-case). */
export interface NewUserRow {
  email: string;
  fullName: string;
  role: Role;
  status: UserStatus;
  phone: string | null;
  passwordHash: string;
}

export interface AuthState {
  id: string;
  role: Role;
  status: UserStatus;
  tokenVersion: number;
}

/** Read on every authenticated request (see `authState`). */
export const AUTH_STATE = new PreparedStatement('select id, role, status, token_version as "tokenVersion" from users where id = $1');

/** The users module's SQL; the only code that names the `users` table (others read the `user_accounts` view). */
@Injectable()
export class UsersRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Id, role, status and token version, read on every request: plain SQL, so no entity is built or tracked in
   * the request's identity map for it.
   */
  async authState(id: string): Promise<AuthState | null> {
    const [row] = await AUTH_STATE.execute<AuthState>(this.em, [id]);
    return row ?? null;
  }

  /** Makes every access token issued so far for this account stale (one statement: concurrent raises all count). */
  async raiseTokenVersion(id: string): Promise<void> {
    await this.em.getConnection().execute(raw('update users set token_version = token_version + 1 where id = :id', { id }));
  }

  /**
   * Inserts the accounts whose email no account has yet (nor an earlier row), in one statement of the caller's
   * transaction: the unique email decides, so two imports at once cannot both create one. Returns those created.
   */
  insertMany(rows: readonly NewUserRow[]): Promise<{ id: string; email: string }[]> {
    if (rows.length === 0) return Promise.resolve([]);
    return executeBound<{ id: string; email: string }>(
      this.em,
      `insert into users (email, full_name, role, status, phone, password_hash)
       select email, "fullName", role, status, phone, "passwordHash"
       from jsonb_to_recordset($1::jsonb) as r(email text, "fullName" text, role text, status text, phone text, "passwordHash" text)
       on conflict (email) do nothing
       returning id, email`,
      [JSON.stringify(rows)],
    );
  }
}
