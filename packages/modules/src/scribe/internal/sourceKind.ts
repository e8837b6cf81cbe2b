import type { ScribeObject } from '../ScribeDocument';

/** Which source an object uses, in scribe's order of precedence; `null` when none is filled in. */
export type SourceKind = 'package' | 'filecontent' | 'filename' | 'raw' | 'hasline';

export function sourceKind(o: ScribeObject): SourceKind | null {
  if (o.package?.name) return 'package';
  if (o.filecontent?.path) return 'filecontent';
  if (o.filename?.path) return 'filename';
  if ((o.raw?.identifiers?.length ?? 0) > 0) return 'raw';
  if (o.hasline?.path) return 'hasline';
  return null;
}
