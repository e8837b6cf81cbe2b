/** One segment of a field path: letters, digits, `_`, `@` and inner `-`. */
const SEGMENT = '[A-Za-z0-9_@][A-Za-z0-9_@-]*';

/** A safe dotted field path (`details.sourceipaddress`): the only field names a query may use. */
export const FIELD_PATH = new RegExp(`^${SEGMENT}(?:\\.${SEGMENT})*$`);

/** Longest accepted field path. */
export const MAX_FIELD_LENGTH = 256;

/** Whether `field` is a safe dotted path. */
export function isFieldPath(field: string): boolean {
  return field.length <= MAX_FIELD_LENGTH && FIELD_PATH.test(field);
}
