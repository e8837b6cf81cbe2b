import type { FlagSpec, ModuleDefinition, ParsedFlags } from './ModuleDefinition';

/** Outcome of {@link parseFlags}: the parsed flags and the module parameters built from them. */
export type ParseFlagsResult =
  | { ok: true; flags: ParsedFlags; params: unknown }
  | { ok: false; code: 'FLAGS_INVALID'; reason: string };

function fail(reason: string): ParseFlagsResult {
  return { ok: false, code: 'FLAGS_INVALID', reason };
}

/**
 * Parses MIG-style module flags (`-path /etc -name "^passwd$" -maxdepth 3 -matchall`) against the module's
 * `flags`, then builds parameters with `paramsFromFlags` (or uses the flags as parameters when it has none).
 * Accepts `-flag value`, `--flag value` and `-flag=value`; `list` flags may repeat.
 */
export function parseFlags(module: Pick<ModuleDefinition, 'name' | 'flags' | 'paramsFromFlags'>, args: readonly string[]): ParseFlagsResult {
  const specs = new Map<string, FlagSpec>((module.flags ?? []).map((f) => [f.name, f]));
  const known = () => (specs.size === 0 ? 'it takes no flags' : `known flags: ${[...specs.keys()].map((k) => `-${k}`).join(', ')}`);
  const flags: ParsedFlags = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const m = /^--?([A-Za-z][A-Za-z0-9_-]*)(?:=(.*))?$/s.exec(arg);
    if (m === null) return fail(`unexpected argument "${arg}" for module ${module.name}: flags start with "-"`);
    const name = m[1] as string;
    const spec = specs.get(name);
    if (spec === undefined) return fail(`unknown flag -${name} for module ${module.name}; ${known()}`);
    if (spec.kind === 'boolean') {
      const inline = m[2];
      if (inline === undefined || inline === 'true') flags[name] = true;
      else if (inline === 'false') flags[name] = false;
      else return fail(`flag -${name} is a switch and takes no value (got "${inline}")`);
      continue;
    }
    let value = m[2];
    if (value === undefined) {
      const next = args[i + 1];
      if (next === undefined) return fail(`flag -${name} needs a value`);
      value = next;
      i++;
    }
    if (spec.kind === 'list') {
      const previous = flags[name];
      flags[name] = Array.isArray(previous) ? [...previous, value] : [value];
      continue;
    }
    if (flags[name] !== undefined) return fail(`flag -${name} is given twice; only list flags may repeat`);
    if (spec.kind === 'number') {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) return fail(`flag -${name} needs a number, got "${value}"`);
      flags[name] = n;
    } else {
      flags[name] = value;
    }
  }
  if (module.paramsFromFlags === undefined) return { ok: true, flags, params: flags };
  try {
    return { ok: true, flags, params: module.paramsFromFlags(flags) };
  } catch (error) {
    return fail(`module ${module.name} rejected its flags: ${(error as Error).message}`);
  }
}
