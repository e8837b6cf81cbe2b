/** Reads a dotted path (`details.sourceipaddress`) from a document; compiled once per path. */
export type FieldReader = (doc: object) => unknown;

/**
 * Compiles a dotted path into a reader. A path with capitals is read as written, then, when that is absent, in
 * lower case: the enrichment pack's lowercaseKeys writes `details` keys in lower case, so a rule naming
 * `details.sourceIPAddress` still finds `details.sourceipaddress`.
 */
export function compileFieldPath(path: string): FieldReader {
  return withLowerCaseFallback(path, compileExactPath);
}

/**
 * `compile(path)`, and when `path` has capitals, a reader that falls back to `compile(path.toLowerCase())` where
 * the path as written is absent. Shared by every reader of rule and Sigma field paths.
 */
export function withLowerCaseFallback(path: string, compile: (path: string) => FieldReader): FieldReader {
  const exact = compile(path);
  const lowered = path.toLowerCase();
  if (lowered === path) return exact;
  const lower = compile(lowered);
  return (doc) => {
    const value = exact(doc);
    return value === undefined ? lower(doc) : value;
  };
}

function compileExactPath(path: string): FieldReader {
  const parts = path.split('.');
  if (parts.length === 1) {
    const only = parts[0] as string;
    return (doc) => (doc as Record<string, unknown>)[only];
  }
  if (parts.length === 2) {
    const [a, b] = parts as [string, string];
    return (doc) => {
      const inner = (doc as Record<string, unknown>)[a];
      return inner !== null && typeof inner === 'object' ? (inner as Record<string, unknown>)[b] : undefined;
    };
  }
  return (doc) => {
    let cur: unknown = doc;
    for (const part of parts) {
      if (cur === null || typeof cur !== 'object') return undefined;
      cur = (cur as Record<string, unknown>)[part];
    }
    return cur;
  };
}

/** A value as a group key (scalars only), or undefined when absent or not a scalar. */
export function keyOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}
