// Connection settings shared by the pool and the dedicated sessions, and the transaction helper.
import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';

export function postgresClientConfig(connectionString: string, applicationName = 'tmc'): pg.ClientConfig {
  return {
    connectionString,
    application_name: applicationName,
    // Notice a dead server instead of waiting on a half-open socket forever.
    keepAlive: true,
    connectionTimeoutMillis: 10_000,
    // A transaction left open by a frozen process would keep its locks: end it.
    idle_in_transaction_session_timeout: 30_000,
    // Writes rely on each statement seeing what committed while it waited for a lock, whatever
    // default the database has (REPEATABLE READ or SERIALIZABLE would break that).
    options: '-c default_transaction_isolation=read\\ committed',
  };
}

export function createPool(
  connectionString: string,
  max: number,
  log: FastifyBaseLogger,
  applicationName = 'tmc',
): pg.Pool {
  const pool = new pg.Pool({ ...postgresClientConfig(connectionString, applicationName), max });
  // An idle pooled connection that breaks (server restart) must not crash the process.
  pool.on('error', (error) =>
    log.warn({ err: error, pool: applicationName }, 'PostgreSQL: an idle pooled connection failed'),
  );
  return pool;
}

/** Runs `body` in a transaction on one pooled connection: COMMIT when it resolves, ROLLBACK when it throws. */
export async function inTransaction<T>(pool: pg.Pool, body: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await body(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
