// Watch events show an object as a get or a list does: through the kind's `present` hook (the
// SyncTargets' latest heartbeat times, kept in memory). A change is presented once for every watch
// of this server, not once per watch: the store hands the same change object to all of them. The
// hook works on a copy, since the change object is shared with the controllers.
import type { KubeObject } from '../../schemas/meta.js';

export type PresentHook = (objects: KubeObject[]) => Promise<void>;

const shared = new WeakMap<PresentHook, WeakMap<KubeObject, Promise<KubeObject>>>();

/** The object as a client is shown it; the same promise for every watch that sends this object. */
export function presented(present: PresentHook, object: KubeObject): Promise<KubeObject> {
  let byObject = shared.get(present);
  if (!byObject) shared.set(present, (byObject = new WeakMap()));
  let shown = byObject.get(object);
  if (!shown) {
    const copy = structuredClone(object);
    shown = present([copy]).then(() => copy);
    byObject.set(object, shown);
  }
  return shown;
}

/**
 * Sends a watch's events in the order they came, though presenting may take a while: without a
 * hook an event goes out at once, with one it waits for the events before it.
 */
export class OrderedEvents {
  private pending: Promise<void> | undefined;

  constructor(
    private readonly present: PresentHook | undefined,
    private readonly send: (type: string, object: KubeObject) => void,
    private readonly fail: (error: unknown) => void,
  ) {}

  /** An event of an object (presented first). */
  object(type: string, object: KubeObject): void {
    if (!this.present) return this.send(type, object);
    const shown = presented(this.present, object);
    this.queue(() => shown.then((o) => this.send(type, o)));
  }

  /** A page of objects, presented together as a list is (the first ADDED events). */
  objects(type: string, objects: KubeObject[]): void {
    if (!this.present || objects.length === 0) {
      for (const object of objects) this.send(type, object);
      return;
    }
    const present = this.present;
    const copies = structuredClone(objects);
    const shown = present(copies);
    this.queue(() =>
      shown.then(() => {
        for (const object of copies) this.send(type, object);
      }),
    );
  }

  /** Anything else (a bookmark, an error) after the events before it. */
  later(action: () => void): void {
    if (this.pending) this.queue(async () => action());
    else action();
  }

  /** Resolves once every event so far is sent. */
  async drained(): Promise<void> {
    while (this.pending) await this.pending;
  }

  private queue(next: () => Promise<void>): void {
    const run = (this.pending ?? Promise.resolve()).then(next).catch(this.fail);
    this.pending = run;
    void run.then(() => {
      if (this.pending === run) this.pending = undefined;
    });
  }
}
