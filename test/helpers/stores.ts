// The stores tests run against. Store fixtures open real SQLite files and real PostgreSQL
// databases (a fresh one per test); forEachStore runs API tests once per store kind.
//
// TMC_TEST_STORES=sqlite (or =postgres) limits the kinds, e.g. for a quick local run.
import { join } from 'node:path';
import { pino } from 'pino';
import type { Test } from 'tap';
import type { ServerConfig } from '../../src/config.js';
import { PostgresStore, type PostgresStoreOptions } from '../../src/store/postgres/postgres.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite.js';
import type { Store } from '../../src/store/types.js';
import { freshDatabase } from './postgres.js';

export type StoreKind = 'sqlite' | 'postgres';

export const silentLog = pino({ level: 'silent' });

export interface StoreOptions {
  changeRetention?: number;
}

/** Storage for one test: every open() is a store (think: a process) over the same data. */
export interface StoreFixture {
  kind: StoreKind;
  /** PostgreSQL only: the test's own database. */
  databaseUrl?: string;
  /** Opens and migrates a store; it is closed when the test ends. */
  open(options?: StoreOptions): Promise<Store>;
}

export type NewStoreFixture = (t: Test) => Promise<StoreFixture>;

export const sqliteFixture: NewStoreFixture = async (t) => {
  const file = join(t.testdir(), 'tmc.db');
  return { kind: 'sqlite', open: (options = {}) => opened(t, new SqliteStore(file, options)) };
};

export const postgresFixture =
  (extra: Partial<PostgresStoreOptions> = {}): NewStoreFixture =>
  async (t) => {
    const url = await freshDatabase(t);
    return {
      kind: 'postgres',
      databaseUrl: url,
      open: (options = {}) => opened(t, new PostgresStore(url, { log: silentLog, ...extra, ...options })),
    };
  };

async function opened(t: Test, store: Store): Promise<Store> {
  t.teardown(() => store.close());
  await store.migrate();
  return store;
}

export function testedStoreKinds(): StoreKind[] {
  const only = process.env.TMC_TEST_STORES?.split(',').map((kind) => kind.trim());
  return (['sqlite', 'postgres'] as const).filter((kind) => !only || only.includes(kind));
}

/**
 * Runs `body` as one subtest per store kind. Inside it, testApp(t) builds apps on that kind
 * (a fresh PostgreSQL database per app), found through the inherited t.context.
 */
export function forEachStore(t: Test, body: (t: Test, kind: StoreKind) => void | Promise<void>): void {
  for (const kind of testedStoreKinds()) {
    void t.test(kind, async (t) => {
      t.context.tmcStoreKind = kind;
      await body(t, kind);
    });
  }
}

const databaseOfDataDir = new Map<string, string>();

/**
 * The store part of an app config for the kind in force for `t` (SQLite when none was chosen).
 * On PostgreSQL each data directory gets its own fresh database, and an app built again on the
 * same data directory (a restart) gets the same database back, as SQLite gets its file.
 */
export async function storeConfigFor(t: Test, dataDir: string): Promise<Partial<ServerConfig>> {
  const kind = (t.context as { tmcStoreKind?: StoreKind } | null)?.tmcStoreKind ?? 'sqlite';
  if (kind === 'sqlite') return {};
  let databaseUrl = databaseOfDataDir.get(dataDir);
  if (!databaseUrl) {
    databaseUrl = await freshDatabase(t);
    databaseOfDataDir.set(dataDir, databaseUrl);
    t.teardown(() => databaseOfDataDir.delete(dataDir));
  }
  return { databaseUrl };
}
