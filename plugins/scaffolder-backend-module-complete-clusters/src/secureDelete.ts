import type { DatabaseService } from '@backstage/backend-plugin-api';

/**
 * Makes SQLite overwrite what it deletes, on the database it is given (the
 * Scaffolder's): a task keeps its secrets (the initiator's Backstage token,
 * secrets sent with the request) in its row while it runs, and the Scaffolder
 * clears them when the task ends; without `secure_delete` the old bytes stay
 * in the file's free pages. The pragma holds per connection, so it is set on
 * the open connection and on every one the pool opens later. Does nothing on
 * PostgreSQL (see the README for what PostgreSQL needs). Returns whether it
 * applied.
 * @public
 */
export async function enableSqliteSecureDelete(
  database: DatabaseService,
): Promise<boolean> {
  const knex = await database.getClient();
  if (!String(knex.client.config.client).includes('sqlite')) return false;
  knex.client.pool.on(
    'createSuccess',
    (
      _id: unknown,
      connection: {
        pragma?: (s: string) => unknown;
        run?: (s: string) => unknown;
      },
    ) => {
      // better-sqlite3 has pragma(); the sqlite3 driver has run().
      if (typeof connection.pragma === 'function')
        connection.pragma('secure_delete = ON');
      else connection.run?.('PRAGMA secure_delete = ON');
    },
  );
  await knex.raw('PRAGMA secure_delete = ON');
  const [row] = (await knex.raw('PRAGMA secure_delete')) as Array<{
    secure_delete: number;
  }>;
  return row?.secure_delete === 1;
}
