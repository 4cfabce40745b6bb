import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig } from 'kysely';

/**
 * Kysely's SQLite dialect with transactions begun IMMEDIATE instead of DEFERRED. A deferred
 * transaction reads first and asks for the write lock only at its first write; in WAL mode, when
 * another process (the CLI beside a running server, a second CLI command) has committed since that
 * read, SQLite cannot upgrade it and fails at once with "database is locked", busy timeout or not.
 * Taking the write lock at BEGIN makes a second process wait its turn (busy_timeout) instead. Inside
 * one process nothing changes: Kysely runs one transaction at a time on SQLite's one connection.
 */
export class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly config: SqliteDialectConfig) {
    super(config);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.config);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}
