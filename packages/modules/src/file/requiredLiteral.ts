/**
 * The literal text a regex can only match by containing, when the regex is plain text (optionally anchored
 * with `^`/`$`, with escaped punctuation): e.g. `^root:` → `root:`, `password=` → `password=`, `\.ssh\/` → `.ssh/`.
 * Undefined for anything else (classes, quantifiers, alternations, case-insensitive flags).
 * Used to skip files that cannot contain a match without splitting them into lines, as grep does.
 */
export function requiredLiteral(regex: RegExp): string | undefined {
  if (regex.flags.includes('i')) return undefined;
  let body = regex.source;
  if (body.startsWith('^')) body = body.slice(1);
  if (body.endsWith('$') && !body.endsWith('\\$')) body = body.slice(0, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c === '\\') {
      const next = body[i + 1];
      if (next === undefined || /[A-Za-z0-9]/.test(next)) return undefined;
      out += next;
      i++;
    } else if ('.*+?()[]{}|^$'.includes(c)) {
      return undefined;
    } else {
      out += c;
    }
  }
  return out.length > 0 ? out : undefined;
}
