import fs from 'fs';
import os from 'os';
import path from 'path';
import knexFactory from 'knex';

/**
 * A SQLite database in a file of its own temporary folder, as the embedded
 * default keeps it (an in-memory one would flatter the figures); `remove`
 * deletes the folder once the knex handle is destroyed.
 */
export function sqliteFile(prefix: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(dir, 'complete-clusters.sqlite') },
    useNullAsDefault: true,
  });
  return {
    knex,
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
