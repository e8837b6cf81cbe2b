import { AgentError } from '../errors/AgentError';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function serializeString(text: string): string {
  if (LONE_SURROGATE.test(text)) {
    throw new AgentError('CANONICAL_JSON_UNSUPPORTED', 'canonical JSON (RFC 8785) refuses strings with lone surrogates');
  }
  // JSON.stringify of a well-formed string is exactly RFC 8785 section 3.2.2.2: \b \t \n \f \r \" \\ short
  // escapes, other controls as \u00xx (lower-case hex), everything else verbatim.
  return JSON.stringify(text);
}

function serialize(value: unknown, out: string[]): void {
  if (value === null) {
    out.push('null');
  } else if (typeof value === 'boolean') {
    out.push(value ? 'true' : 'false');
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new AgentError('CANONICAL_JSON_UNSUPPORTED', `canonical JSON (RFC 8785) has no form for ${String(value)}`);
    }
    // ECMAScript Number::toString is the serialization RFC 8785 prescribes (and -0 becomes "0").
    out.push(String(value));
  } else if (typeof value === 'string') {
    out.push(serializeString(value));
  } else if (Array.isArray(value)) {
    out.push('[');
    value.forEach((item: unknown, index) => {
      if (index > 0) out.push(',');
      serialize(item === undefined ? null : item, out);
    });
    out.push(']');
  } else if (typeof value === 'object' && (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)) {
    const record = value as Record<string, unknown>;
    // Default sort compares UTF-16 code units, which is the order RFC 8785 section 3.2.3 requires.
    const keys = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort();
    out.push('{');
    keys.forEach((key, index) => {
      if (index > 0) out.push(',');
      out.push(serializeString(key), ':');
      serialize(record[key], out);
    });
    out.push('}');
  } else {
    throw new AgentError(
      'CANONICAL_JSON_UNSUPPORTED',
      `canonical JSON (RFC 8785) only takes JSON data; got ${typeof value === 'object' ? 'a class instance' : typeof value}`,
    );
  }
}

/**
 * Serializes JSON data per RFC 8785 (JSON Canonicalization Scheme): no whitespace, object keys sorted by UTF-16
 * code units, ECMAScript number and string serialization. Throws `AgentError` for non-JSON values.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  serialize(value, out);
  return out.join('');
}
