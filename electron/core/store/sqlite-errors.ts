import Sqlite from 'better-sqlite3';

/** True when `error` is SQLite refusing a row that breaks a UNIQUE or PRIMARY KEY constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (!(error instanceof Sqlite.SqliteError)) return false;
  if (error.code !== 'SQLITE_CONSTRAINT_UNIQUE' && error.code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') return false;
  // SQLite names the columns ("UNIQUE constraint failed: users.email"), or the index for
  // an index on an expression.
  return constraint === undefined || error.message.includes(constraint);
}

/** True when `error` is SQLite refusing a row whose foreign key names no row. */
export function isForeignKeyViolation(error: unknown): boolean {
  return error instanceof Sqlite.SqliteError && error.code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
