/**
 * `value.toLowerCase() === lower` for an ASCII lower-case `lower`, without the lower-cased copy `toLowerCase`
 * allocates on every call (registration predicates ask this of every event). Lower-casing never shortens a string
 * and lengthens it only with non-ASCII characters, so a different length never matches; ASCII characters lower-case
 * one to one, so the first mismatch among them decides; text with a non-ASCII character takes the exact way.
 */
export function equalsLowerCase(value: string, lower: string): boolean {
  if (value === lower) return true;
  const n = value.length;
  if (n !== lower.length) return false;
  for (let i = 0; i < n; i++) {
    let c = value.charCodeAt(i);
    if (c >= 0x80) return value.toLowerCase() === lower;
    if (c >= 65 && c <= 90) c += 32;
    if (c !== lower.charCodeAt(i)) return false;
  }
  return true;
}
