import type { Details } from '../../internal/eventFields';
import type { DetailsDraft } from './DetailsDraft';

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * The string values of the keys ipFixup looks for addresses in (aliases and protocol fields of both sides, some
 * thirty). Probing each key is thirty lookups on objects of every shape; one pass over the event's own keys, a
 * Map lookup each, finds the same values in fewer steps. That snapshot stays right while ipFixup works only if
 * it never writes those keys and each key appears once; an odd configuration (an alias that is also a field
 * ipFixup writes, or listed twice) reads each key live instead, as the writes and deletions go.
 */
export class AddressCandidates {
  private readonly index: Map<string, number> | undefined;
  private readonly values: Array<string | undefined>;
  private readonly touched: number[] = [];
  private draft: DetailsDraft | undefined;

  constructor(readonly keys: readonly string[], written: readonly string[]) {
    const distinct = new Set(keys).size === keys.length && !keys.some((key) => written.includes(key));
    this.index = distinct ? new Map(keys.map((key, i) => [key, i])) : undefined;
    this.values = keys.map(() => undefined);
  }

  /** Prepares for one event: reads the candidates now, or remembers the draft to read them live. */
  begin(details: Details, draft: DetailsDraft): void {
    this.draft = draft;
    const index = this.index;
    if (index === undefined) return;
    for (const key in details) {
      if (!hasOwn.call(details, key)) continue;
      const i = index.get(key);
      if (i === undefined) continue;
      const value = details[key];
      if (typeof value === 'string') {
        this.values[i] = value;
        this.touched.push(i);
      }
    }
  }

  /** The string held by own key `keys[i]`, or `undefined`. */
  value(i: number): string | undefined {
    if (this.index !== undefined) return this.values[i];
    const draft = this.draft as DetailsDraft;
    const key = this.keys[i] as string;
    const value = draft.read(key);
    return typeof value === 'string' && draft.owns(key) ? value : undefined;
  }

  end(): void {
    const touched = this.touched;
    if (touched.length > 0) {
      for (const i of touched) this.values[i] = undefined;
      touched.length = 0;
    }
    this.draft = undefined;
  }
}
