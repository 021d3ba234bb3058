// A set of field paths, as structured-merge-diff's fieldpath.Set: a trie whose nodes know
// which of their children are members themselves. Encoded as FieldsV1, where a member with
// children carries a "." key.
import { type Path, type PathElement, compareElements } from './path.js';

export type FieldsV1 = { [element: string]: FieldsV1 };

export class FieldSet {
  readonly members = new Set<PathElement>();
  readonly children = new Map<PathElement, FieldSet>();

  insert(path: Path): this {
    if (path.length === 0) return this;
    const [head, ...rest] = path as PathElement[];
    if (rest.length === 0) this.members.add(head!);
    else this.childFor(head!).insert(rest);
    return this;
  }

  has(path: Path): boolean {
    if (path.length === 0) return false;
    const [head, ...rest] = path as PathElement[];
    return rest.length === 0 ? this.members.has(head!) : (this.children.get(head!)?.has(rest) ?? false);
  }

  /** The paths under an element, without it: fieldpath.Set.WithPrefix. */
  child(element: PathElement): FieldSet | undefined {
    return this.children.get(element);
  }

  empty(): boolean {
    return this.members.size === 0 && [...this.children.values()].every((c) => c.empty());
  }

  union(other: FieldSet): FieldSet {
    const out = this.copy();
    for (const m of other.members) out.members.add(m);
    for (const [element, child] of other.children) out.children.set(element, out.childFor(element).union(child));
    return out;
  }

  /** Members of this set that the other lacks; a member of the other does not take its children. */
  difference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) if (!other.members.has(m)) out.members.add(m);
    for (const [element, child] of this.children) {
      const theirs = other.children.get(element);
      const rest = theirs ? child.difference(theirs) : child.copy();
      if (!rest.empty()) out.children.set(element, rest);
    }
    return out;
  }

  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const m of this.members) if (other.members.has(m)) out.members.add(m);
    for (const [element, child] of this.children) {
      const theirs = other.children.get(element);
      const both = theirs ? child.intersection(theirs) : undefined;
      if (both && !both.empty()) out.children.set(element, both);
    }
    return out;
  }

  equals(other: FieldSet): boolean {
    return this.difference(other).empty() && other.difference(this).empty();
  }

  /** Every member path, in FieldsV1 order. */
  paths(prefix: Path = []): Path[] {
    const out: Path[] = [];
    const elements = new Set([...this.members, ...this.children.keys()]);
    for (const element of [...elements].sort(compareElements)) {
      if (this.members.has(element)) out.push([...prefix, element]);
      const child = this.children.get(element);
      if (child) out.push(...child.paths([...prefix, element]));
    }
    return out;
  }

  toFieldsV1(): FieldsV1 {
    const out: FieldsV1 = {};
    const elements = new Set([...this.members, ...this.children.keys()]);
    for (const element of [...elements].sort(compareElements)) {
      const child = this.children.get(element);
      const nested = child && !child.empty() ? child.toFieldsV1() : undefined;
      if (nested === undefined) {
        if (this.members.has(element)) out[element] = {};
      } else {
        out[element] = this.members.has(element) ? { '.': {}, ...nested } : nested;
      }
    }
    return out;
  }

  static fromFieldsV1(encoded: FieldsV1): FieldSet {
    const out = new FieldSet();
    for (const [element, value] of Object.entries(encoded)) {
      if (element === '.') continue;
      const keys = Object.keys(value ?? {});
      if (keys.length === 0 || keys.includes('.')) out.members.add(element);
      if (keys.some((k) => k !== '.')) out.children.set(element, FieldSet.fromFieldsV1(value));
    }
    return out;
  }

  private childFor(element: PathElement): FieldSet {
    let child = this.children.get(element);
    if (!child) {
      child = new FieldSet();
      this.children.set(element, child);
    }
    return child;
  }

  private copy(): FieldSet {
    return new FieldSet().unionInto(this);
  }

  private unionInto(other: FieldSet): this {
    for (const m of other.members) this.members.add(m);
    for (const [element, child] of other.children) this.children.set(element, new FieldSet().unionInto(child));
    return this;
  }
}
