/** A compiled regex, or why it could not be compiled. */
export type CompiledRegex = { ok: true; regex: RegExp } | { ok: false; reason: string };

/**
 * Compiles a regex written for MIG (Go RE2 syntax). A leading inline flag group such as `(?i)` or
 * `(?is)`, which JavaScript does not accept, is turned into RegExp flags; everything else is passed through.
 */
export function compileMigRegex(source: string): CompiledRegex {
  let flags = '';
  let body = source;
  const inline = /^\(\?([imsU]+)\)/.exec(source);
  if (inline?.[1] !== undefined) {
    for (const f of inline[1]) {
      if ((f === 'i' || f === 'm' || f === 's') && !flags.includes(f)) flags += f;
    }
    body = source.slice(inline[0].length);
  }
  try {
    return { ok: true, regex: new RegExp(body, flags) };
  } catch (error) {
    return { ok: false, reason: `invalid regex "${source}": ${(error as Error).message}` };
  }
}
