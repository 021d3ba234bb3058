// The Store contract: what every store implementation must do, run against a fixture that
// opens real stores (see test/helpers/stores.ts). sqlite.test.ts and postgres.test.ts run it.
import type { Test } from 'tap';
import type { NewStoreFixture } from '../helpers/stores.js';
import { agentDataContract } from './contract-agent-data.js';
import { entriesContract } from './contract-entries.js';
import { feedContract } from './contract-feed.js';
import { objectContract } from './contract-objects.js';
import { storableContract } from './contract-storable.js';

export function storeContract(t: Test, newFixture: NewStoreFixture): void {
  void t.test('objects', async (t) => objectContract(t, newFixture));
  void t.test('change feed and concurrency', async (t) => feedContract(t, newFixture));
  void t.test('agent tokens and heartbeats', async (t) => agentDataContract(t, newFixture));
  void t.test('values no store can keep', async (t) => storableContract(t, newFixture));
  void t.test('objects placed on many targets', async (t) => entriesContract(t, newFixture));
}
