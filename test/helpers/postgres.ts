// Fresh PostgreSQL databases for tests: one per call, dropped at the end of the test, so test
// files running in parallel never see each other's data, versions, locks or notifications.
// The server comes from TMC_TEST_DATABASE_URL (default: the local one, trust auth).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Test } from 'tap';

export const TEST_DATABASE_URL = process.env.TMC_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const PREFIX = 'tmc_test_';
/** A database left behind by a killed test run is swept once it is this old. */
const ABANDONED_AFTER_S = 3600;

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, application_name: 'tmc-test-admin' });
  await client.connect().catch((error: Error) => {
    throw new Error(
      `cannot reach the test PostgreSQL at ${TEST_DATABASE_URL} (set TMC_TEST_DATABASE_URL): ${error.message}`,
    );
  });
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A new empty database on the test server (for tests, see freshDatabase; also the benchmarks). */
export async function createDatabase(): Promise<TestDatabase> {
  const name = `${PREFIX}${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
  await admin(async (client) => {
    await sweepAbandoned(client);
    await client.query(`CREATE DATABASE ${name}`);
  });
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => dropDatabase(name) };
}

/** The URL of a new empty database; it is dropped (connections and all) when `t` ends. */
export async function freshDatabase(t: Test): Promise<string> {
  const database = await createDatabase();
  t.teardown(() => database.drop());
  return database.url;
}

export async function dropDatabase(name: string): Promise<void> {
  await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** Runs one statement on a database with a throwaway connection (for tests that poke at PostgreSQL directly). */
export async function sqlOn<R extends pg.QueryResultRow = pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url, application_name: 'tmc-test' });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

async function sweepAbandoned(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
    `${PREFIX}%`,
  ]);
  const cutoff = Date.now() / 1000 - ABANDONED_AFTER_S;
  for (const { datname } of rows) {
    const created = Number(datname.slice(PREFIX.length).split('_')[0]);
    if (created < cutoff) await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => undefined);
  }
}
