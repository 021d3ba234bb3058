// Every write the agent makes downstream, for any kind the REST mapper maps, each guarded so
// it can only ever touch the agent's own objects:
// - create is a POST, which fails with 409 when any object of that name exists, so an object
//   someone else made is never overwritten, not even by a race;
// - apply is a server-side apply (force, field manager tmc-syncer) that carries the uid of the
//   owned object it was decided on: a different object of that name fails it (422 or 409);
// - delete carries that uid as a precondition.
// Namespaces are created when missing, and never deleted: they may hold anything.
import { FIELD_MANAGER } from './ownership.js';
import { hasStatus, type KubeClient } from './kube-client.js';
import { collectionPath, objectPath, type ResourceMapping } from './rest-mapper.js';
import type { KubeObject, ManagedFieldsEntry } from '../../schemas/meta.js';

const isOwnUpdateEntry = (entry: ManagedFieldsEntry): boolean =>
  entry.manager === FIELD_MANAGER && entry.operation === 'Update' && !entry.subresource;

export class Applier {
  private readonly namespaces = new Set<string>();

  constructor(private readonly client: KubeClient) {}

  async ensureNamespace(namespace: string): Promise<void> {
    if (this.namespaces.has(namespace)) return;
    try {
      await this.client.call('POST', '/api/v1/namespaces', {
        query: { fieldManager: FIELD_MANAGER },
        body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
      });
    } catch (error) {
      if (!hasStatus(error, 409)) throw error;
    }
    this.namespaces.add(namespace);
  }

  /** Forgets that a namespace exists: after a create failed for want of it. */
  forgetNamespace(namespace: string): void {
    this.namespaces.delete(namespace);
  }

  async get(mapping: ResourceMapping, namespace: string, name: string): Promise<KubeObject | undefined> {
    try {
      return await this.client.call<KubeObject>('GET', objectPath(mapping, namespace, name));
    } catch (error) {
      if (hasStatus(error, 404)) return undefined;
      throw error;
    }
  }

  /** Creates the object; rejects with a 409 KubeApiError when an object of that kind and name exists. */
  async create(mapping: ResourceMapping, manifest: KubeObject): Promise<KubeObject> {
    const path = collectionPath(mapping, manifest.metadata.namespace!);
    const query = { fieldManager: FIELD_MANAGER };
    const created = await this.client.call<KubeObject>('POST', path, { query, body: manifest });
    await this.adoptCreatedFields(mapping, created);
    return created;
  }

  /**
   * A POST records its fields under an "Update" entry of the manager; server-side apply only
   * removes fields it owns as "Apply". Turning the entry into an Apply one (as `kubectl apply
   * --server-side` does when it upgrades client-side applied objects) lets a field later
   * dropped upstream be dropped downstream too. The JSON patch tests the uid and the entry, so
   * it changes nothing when the object changed hands meanwhile.
   */
  private async adoptCreatedFields(mapping: ResourceMapping, created: KubeObject): Promise<void> {
    const { namespace, name, uid } = created.metadata;
    for (let attempt = 0, object: KubeObject | undefined = created; attempt < 3 && object; attempt++) {
      const index = (object.metadata.managedFields ?? []).findIndex(isOwnUpdateEntry);
      if (index < 0) return;
      const entry = `/metadata/managedFields/${index}`;
      try {
        await this.client.call('PATCH', objectPath(mapping, namespace!, name!), {
          contentType: 'application/json-patch+json',
          body: [
            { op: 'test', path: '/metadata/uid', value: uid },
            { op: 'test', path: `${entry}/manager`, value: FIELD_MANAGER },
            { op: 'test', path: `${entry}/operation`, value: 'Update' },
            { op: 'replace', path: `${entry}/operation`, value: 'Apply' },
          ],
        });
        return;
      } catch (error) {
        // A failed test (the controller wrote meanwhile and the entries moved): look again.
        if (!hasStatus(error, 422) && !hasStatus(error, 409)) throw error;
        object = await this.get(mapping, namespace!, name!);
        if (object?.metadata.uid !== uid) return;
      }
    }
  }

  /** Server-side apply over the owned object with this uid. */
  async apply(mapping: ResourceMapping, manifest: KubeObject, uid: string): Promise<KubeObject> {
    const { namespace, name } = manifest.metadata;
    return this.client.call<KubeObject>('PATCH', objectPath(mapping, namespace!, name!), {
      query: { fieldManager: FIELD_MANAGER, force: true },
      contentType: 'application/apply-patch+yaml',
      body: { ...manifest, metadata: { ...manifest.metadata, uid } },
    });
  }

  /**
   * Lets the owned object with this uid go (deletionPolicy Orphan): removes only the ownership
   * marks, so it keeps running as nobody's. A merge patch, not an apply: an apply without the
   * object's fields would remove every field the agent applied. The uid in the patch is a
   * precondition. False when it is gone or is another object now.
   */
  async release(
    mapping: ResourceMapping,
    object: KubeObject,
    marks: { labels: string[]; annotations: string[] },
  ): Promise<boolean> {
    const { namespace, name, uid } = object.metadata;
    const nulls = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, null]));
    try {
      await this.client.call('PATCH', objectPath(mapping, namespace!, name!), {
        query: { fieldManager: FIELD_MANAGER },
        contentType: 'application/merge-patch+json',
        body: { metadata: { uid, labels: nulls(marks.labels), annotations: nulls(marks.annotations) } },
      });
      return true;
    } catch (error) {
      if (hasStatus(error, 404) || hasStatus(error, 409)) return false;
      throw error;
    }
  }

  /** Deletes the owned object with this uid; false when it is gone or is another object now. */
  async delete(mapping: ResourceMapping, object: KubeObject): Promise<boolean> {
    const { namespace, name, uid } = object.metadata;
    try {
      await this.client.call('DELETE', objectPath(mapping, namespace!, name!), {
        body: { apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { uid }, propagationPolicy: 'Background' },
      });
      return true;
    } catch (error) {
      if (hasStatus(error, 404) || hasStatus(error, 409)) return false;
      throw error;
    }
  }
}
