import { compileFieldPath } from './fieldPath';

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.\-]+)\s*\}\}/g;

/**
 * A safe template: `{{a.b.c}}` is replaced by the value at that path in the context (scalars as text, arrays
 * joined with `,`, objects as JSON, absent as ''). Nothing is evaluated, so a value cannot inject anything.
 */
export function compileTemplate(template: string): (context: object) => string {
  const parts: Array<string | ((c: object) => unknown)> = [];
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    parts.push(template.slice(last, m.index));
    parts.push(compileFieldPath(m[1] as string));
    last = (m.index as number) + m[0].length;
  }
  parts.push(template.slice(last));
  return (context) => {
    let out = '';
    for (const part of parts) out += typeof part === 'string' ? part : show(part(context));
    return out;
  };
}

function show(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) return value.join(',');
  return JSON.stringify(value);
}
