/** Reads a dotted path (`details.sourceipaddress`) from a document; compiled once per path. */
export type FieldReader = (doc: object) => unknown;

/** Compiles a dotted path into a reader. */
export function compileFieldPath(path: string): FieldReader {
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
