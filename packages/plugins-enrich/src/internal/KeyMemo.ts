/** Most keys remembered before the memo starts over (a stream of random keys cannot grow it). */
const MAX_ENTRIES = 8192;
/** Longer keys are transformed each time, not remembered. */
const MAX_KEY_LENGTH = 256;

/**
 * A bounded memo of a key → key transformation (lower-casing, dots to underscores). Event keys repeat from event
 * to event, so a hygiene walk asks one Map lookup per key instead of scanning it, and a transformed key is the
 * same interned string every time: no copy per event, and V8 compares and looks it up by identity.
 */
export class KeyMemo {
  private readonly memo = new Map<string, string>();

  constructor(private readonly transform: (key: string) => string) {}

  /** `transform(key)`, or `key` itself when the transformation leaves it unchanged. */
  get(key: string): string {
    return this.memo.get(key) ?? this.miss(key);
  }

  private miss(key: string): string {
    const transformed = this.transform(key);
    const out = transformed === key ? key : intern(transformed);
    if (key.length <= MAX_KEY_LENGTH) {
      if (this.memo.size >= MAX_ENTRIES) this.memo.clear();
      this.memo.set(key, out);
    }
    return out;
  }
}

/** The engine's own copy of a string used as a property key (`Object.keys` answers the stored key). */
function intern(text: string): string {
  return Object.keys(Object.fromEntries([[text, 0]]))[0] ?? text;
}
