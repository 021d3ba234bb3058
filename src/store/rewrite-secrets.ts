// Re-encrypts every stored Secret that is not sealed with the first key (or not sealed at all),
// the step of a key rotation between putting a new key first and dropping the old one. Each
// Secret is written back as it reads, so it gets a new resourceVersion, as `kubectl replace`
// of every Secret does in Kubernetes' own rotation.
import type { EncryptingStore } from './encrypting-store.js';
import { HELD_ITEM_KIND } from '../schemas/change-hold.js';
import { SECRET_KIND } from './secret-cipher.js';
import { type ListOptions, StoreError, keyOf } from './types.js';

const PAGE = 500;
const ATTEMPTS = 5;

export interface RewriteResult {
  /** Secrets stored. */
  total: number;
  /** Secrets written again with the first key. */
  rewritten: number;
}

export async function rewriteSecrets(store: EncryptingStore): Promise<RewriteResult> {
  const result: RewriteResult = { total: 0, rewritten: 0 };
  await rewriteKind(store, SECRET_KIND, result);
  // The feed's held copies of Secrets are sealed too; they are not Secrets to count.
  await rewriteKind(store, HELD_ITEM_KIND, { total: 0, rewritten: 0 });
  return result;
}

async function rewriteKind(store: EncryptingStore, kind: string, result: RewriteResult): Promise<void> {
  let after: ListOptions['after'];
  for (;;) {
    const page = await store.inner.list(kind, { limit: PAGE, ...(after ? { after } : {}) });
    for (const raw of page.items) {
      result.total++;
      if (store.cipher.isStale(raw) && (await rewriteOne(store, raw))) result.rewritten++;
    }
    const last = page.items.at(-1);
    if (page.items.length < PAGE || !last) return;
    after = { namespace: last.metadata.namespace ?? '', name: last.metadata.name ?? '' };
  }
}

/** Writes one Secret back; a concurrent write is read again (it may have sealed it already). */
async function rewriteOne(store: EncryptingStore, first: Parameters<typeof keyOf>[0]): Promise<boolean> {
  let raw: typeof first | undefined = first;
  for (let attempt = 1; raw && store.cipher.isStale(raw); attempt++) {
    try {
      const { resourceVersion, uid } = raw.metadata;
      await store.update(store.cipher.open(raw), { resourceVersion, uid });
      return true;
    } catch (error) {
      const retry = error instanceof StoreError && error.code === 'Conflict' && attempt < ATTEMPTS;
      if (error instanceof StoreError && error.code === 'NotFound') return false;
      if (!retry) throw error;
      raw = await store.inner.get(keyOf(raw));
    }
  }
  return false;
}
