// A Store that seals Secrets on the way in and opens them on the way out (secret-cipher.ts), over
// either store: the rows, the change feed and PostgreSQL's notifications only ever hold sealed
// Secrets, while everything above the store sees them as written. Other kinds pass through.
import type { KubeObject } from '../schemas/meta.js';
import { HELD_ITEM_KIND } from '../schemas/change-hold.js';
import { type SecretCipher, SecretCipherError } from './secret-cipher.js';
import {
  type AgentTokenRecord,
  type AgentTokensListener,
  type Change,
  type ChangeListener,
  type HeartbeatRecord,
  type ListOptions,
  type ListResult,
  type ObjectKey,
  type Preconditions,
  type Store,
  StoreError,
} from './types.js';

export class EncryptingStore implements Store {
  constructor(
    readonly inner: Store,
    readonly cipher: SecretCipher,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  get dialect() {
    return this.inner.dialect;
  }
  migrate = () => this.inner.migrate();
  ping = () => this.inner.ping();
  currentResourceVersion = () => this.inner.currentResourceVersion();
  close = () => this.inner.close();

  async get(key: ObjectKey): Promise<KubeObject | undefined> {
    const object = await this.inner.get(key);
    return object && this.cipher.open(object);
  }

  async list(kind: string, options?: ListOptions): Promise<ListResult> {
    const result = await this.inner.list(kind, options);
    return { ...result, items: result.items.map((o) => this.cipher.open(o)) };
  }

  async create(object: KubeObject): Promise<KubeObject> {
    return this.cipher.open(await this.inner.create(this.cipher.seal(object)));
  }

  async update(object: KubeObject, preconditions?: Preconditions): Promise<KubeObject> {
    return this.cipher.open(await this.inner.update(this.cipher.seal(object), preconditions));
  }

  async delete(key: ObjectKey, preconditions?: Preconditions): Promise<KubeObject> {
    return this.cipher.open(await this.inner.delete(key, preconditions));
  }

  /**
   * A change whose Secret no key opens any more (its key was dropped after a rotation) is as
   * good as compacted away: the reader is told to list again, which reads the rewritten rows.
   */
  async changesSince(resourceVersion: number, limit?: number): Promise<Change[]> {
    const changes = await this.inner.changesSince(resourceVersion, limit);
    try {
      return changes.map((c) => ({ ...c, object: this.cipher.open(c.object) }));
    } catch (error) {
      if (!(error instanceof SecretCipherError)) throw error;
      throw new StoreError('Expired', `resourceVersion ${resourceVersion} is too old: ${error.message}`);
    }
  }

  onChange(listener: ChangeListener): () => void {
    return this.inner.onChange((change) => {
      let object: KubeObject;
      try {
        object = this.cipher.open(change.object);
      } catch (error) {
        // Another process sealed it with a key this one lacks: the key files differ.
        this.onError(error);
        return;
      }
      listener({ ...change, object });
    });
  }

  /** Names of keys that sealed stored Secrets (or held copies of them) but are not among this store's keys. */
  async missingKeyNames(): Promise<string[]> {
    const missing = new Set<string>();
    for (const kind of ['Secret', HELD_ITEM_KIND]) {
      let after: ListOptions['after'];
      for (;;) {
        const page = await this.inner.list(kind, { limit: 500, ...(after ? { after } : {}) });
        for (const object of page.items) {
          const name = this.cipher.keyNameOf(object);
          if (name !== undefined && !this.cipher.hasKey(name)) missing.add(name);
        }
        const last = page.items.at(-1);
        if (page.items.length < 500 || !last) break;
        after = { namespace: last.metadata.namespace ?? '', name: last.metadata.name ?? '' };
      }
    }
    return [...missing].sort();
  }

  issueAgentToken = (token: AgentTokenRecord, olderValidUntil: number) =>
    this.inner.issueAgentToken(token, olderValidUntil);
  findAgentToken = (hash: string) => this.inner.findAgentToken(hash);
  knownTokenHashes = () => this.inner.knownTokenHashes();
  listAgentTokenTimes = (syncTargetUid: string, now: number) => this.inner.listAgentTokenTimes(syncTargetUid, now);
  recordHeartbeats = (beats: HeartbeatRecord[]) => this.inner.recordHeartbeats(beats);
  readHeartbeats = (names?: string[]) => this.inner.readHeartbeats(names);
  forgetSyncTarget = (uid: string) => this.inner.forgetSyncTarget(uid);
  tokenNoticesConfirmedAt = () => this.inner.tokenNoticesConfirmedAt();
  onAgentTokensChanged = (listener: AgentTokensListener) => this.inner.onAgentTokensChanged(listener);
}

/** The store under any encryption, for what needs the concrete store (PostgreSQL's leader election). */
export const baseStore = (store: Store): Store => (store instanceof EncryptingStore ? baseStore(store.inner) : store);
