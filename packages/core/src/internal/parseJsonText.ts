/** A parsed JSON document, or the parse error with its position. */
export type ParsedJson = { ok: true; value: unknown } | { ok: false; reason: string; position?: number };

const POSITION = /position (\d+)/;

/** `JSON.parse` with the error turned into a value that names the position. */
export function parseJsonText(text: string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const match = POSITION.exec(message);
    const position = match ? Number(match[1]) : undefined;
    return {
      ok: false,
      reason: `malformed JSON${position === undefined ? '' : ` at position ${position}`}: ${message}`,
      ...(position === undefined ? {} : { position }),
    };
  }
}

/** One line of an NDJSON body. */
export type NdjsonLine = { line: number; ok: true; value: unknown } | { line: number; ok: false; reason: string };

/** Splits NDJSON into parsed lines (1-based line numbers), skipping blank lines. */
export function parseNdjson(text: string): NdjsonLine[] {
  const out: NdjsonLine[] = [];
  let start = 0;
  let line = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    line++;
    let chunk = text.slice(start, end);
    if (chunk.endsWith('\r')) chunk = chunk.slice(0, -1);
    if (chunk.trim() !== '') {
      const parsed = parseJsonText(chunk);
      out.push(parsed.ok ? { line, ok: true, value: parsed.value } : { line, ok: false, reason: `line ${line}: ${parsed.reason}` });
    }
    start = end + 1;
  }
  return out;
}
