import type { Details } from '../../internal/eventFields';
import { ObjectBuilder } from '../../internal/ObjectBuilder';

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Edits a `details` object as if with plain writes and `delete`, and gives back an object with exactly the keys,
 * values and key order those would leave — but without `delete`, which turns an object into a slow dictionary
 * for V8 (slower for every later plugin, for serialization, and several times larger). Writes go straight to the
 * object; deletions are remembered, and {@link commit} rebuilds the object once if there were any. One draft is
 * reused for every event of a plugin (hooks are synchronous).
 */
export class DetailsDraft {
  private d: Details = {};
  /** Keys deleted and not written since. */
  private readonly deleted: string[] = [];
  /** Keys (re)created after the first deletion, in creation order: they go last, as they would after `delete`. */
  private readonly tail: string[] = [];
  private deletedAny = false;
  private readonly builder = new ObjectBuilder();

  begin(details: Details): void {
    this.d = details;
    if (this.deletedAny) {
      this.deleted.length = 0;
      this.tail.length = 0;
      this.deletedAny = false;
    }
  }

  /** `details[key]` (inherited values included, as a plain read sees them). */
  read(key: string): unknown {
    if (this.deletedAny && this.deleted.includes(key)) return undefined;
    return this.d[key];
  }

  /** Whether `details` has `key` as its own property. */
  owns(key: string): boolean {
    if (this.deletedAny && this.deleted.includes(key)) return false;
    return hasOwn.call(this.d, key);
  }

  write(key: string, value: unknown): void {
    if (this.deletedAny) {
      const at = this.deleted.indexOf(key);
      if (at >= 0) {
        this.deleted.splice(at, 1);
        this.tail.push(key);
      } else if (!hasOwn.call(this.d, key)) this.tail.push(key);
    }
    store(this.d, key, value);
  }

  remove(key: string): void {
    if (!this.owns(key)) return;
    this.deletedAny = true;
    this.deleted.push(key);
    const at = this.tail.indexOf(key);
    if (at >= 0) this.tail.splice(at, 1);
  }

  /** The edited object: the same one when nothing was deleted, else a rebuilt one. */
  commit(): Details {
    const d = this.d;
    this.d = {};
    if (!this.deletedAny) return d;
    for (const key of Object.keys(d)) {
      if (this.deleted.includes(key) || this.tail.includes(key)) continue;
      this.builder.add(key, d[key]);
    }
    for (const key of this.tail) this.builder.add(key, d[key]);
    return this.builder.build();
  }
}

function copy(out: Details, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/**
 * A write with a literal property name for the fields ipFixup adds: V8 keeps a large object in fast mode when a
 * property is added by name, and turns it into a dictionary when one is added by a computed key.
 */
function store(d: Details, key: string, value: unknown): void {
  switch (key) {
    case 'sourceipaddress':
      d['sourceipaddress'] = value;
      break;
    case 'destinationipaddress':
      d['destinationipaddress'] = value;
      break;
    case 'sourceipclass':
      d['sourceipclass'] = value;
      break;
    case 'destinationipclass':
      d['destinationipclass'] = value;
      break;
    case 'invalidsourceipaddress':
      d['invalidsourceipaddress'] = value;
      break;
    case 'invaliddestinationipaddress':
      d['invaliddestinationipaddress'] = value;
      break;
    default:
      copy(d, key, value);
  }
}
