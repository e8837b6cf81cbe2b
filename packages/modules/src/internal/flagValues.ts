import { AgentError } from '@vigil/agent-sdk';
import type { ParsedFlags } from '@vigil/agent-sdk';

/** All values of a repeatable flag, as strings (a single value counts as a list of one). */
export function listFlag(flags: ParsedFlags, name: string): string[] {
  const v = flags[name];
  if (v === undefined || typeof v === 'boolean') return [];
  return Array.isArray(v) ? [...v] : [String(v)];
}

/** The last value of a string flag, or undefined. */
export function stringFlag(flags: ParsedFlags, name: string): string | undefined {
  const all = listFlag(flags, name);
  return all[all.length - 1];
}

/** A numeric flag, or undefined when absent. @throws AgentError `FLAGS_INVALID` when present but not a number (a usage error). */
export function numberFlag(flags: ParsedFlags, name: string): number | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  const n = typeof v === 'number' ? v : Number(Array.isArray(v) ? v[v.length - 1] : v);
  if (!Number.isFinite(n)) throw new AgentError('FLAGS_INVALID', `-${name} needs a number, got "${String(v)}"`);
  return n;
}

/** A boolean flag: true when given without a value or with a true-ish value. */
export function boolFlag(flags: ParsedFlags, name: string): boolean {
  const v = flags[name];
  if (v === undefined) return false;
  if (typeof v === 'boolean') return v;
  const s = String(Array.isArray(v) ? v[v.length - 1] : v).toLowerCase();
  return s !== 'false' && s !== '0' && s !== 'no';
}
