// The Store contract on the embedded SQLite store.
import t from 'tap';
import { sqliteFixture } from '../helpers/stores.js';
import { storeContract } from './contract.js';

storeContract(t, sqliteFixture);
