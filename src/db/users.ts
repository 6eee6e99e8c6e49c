import type { CompiledQuery } from 'kysely'
import type { Db, UsersTable } from './schema'

export type UserRow = UsersTable

/** Stores a new account; the caller hashed the password. */
export async function insertUser(db: Db, user: UserRow): Promise<void> {
  await db.insertInto('users').values(user).execute()
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst()
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  return db.selectFrom('users').selectAll().orderBy('email').execute()
}

export async function countAdmins(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('disabled', '=', 0)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function updateUser(
  db: Db,
  id: string,
  changes: Partial<Pick<UserRow, 'name' | 'role' | 'disabled' | 'password_hash'>>,
): Promise<boolean> {
  const result = await db.updateTable('users').set(changes).where('id', '=', id).executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** The same change as a statement, for a batch with others that must apply with it. */
export function updateUserQuery(
  db: Db,
  id: string,
  changes: Partial<Pick<UserRow, 'name' | 'role' | 'disabled' | 'password_hash'>>,
): CompiledQuery {
  return db.updateTable('users').set(changes).where('id', '=', id).compile()
}
