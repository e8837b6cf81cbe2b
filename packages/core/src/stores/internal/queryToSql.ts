import { VigilError } from '../../errors/VigilError';
import { isFullText } from '../../query/compileQuery';
import { isFieldPath } from '../../query/internal/fieldPath';
import {
  asciiLower,
  isNumericLiteral,
  isSingleToken,
  isWordPattern,
  keywordPatternGlob,
  phraseSource,
  splitPattern,
} from '../../query/internal/text';
import type { QueryNode } from '../../query/QueryNode';

/** How a table's fields map to SQL: indexed text columns, JSON-array columns, the JSON document, full text. */
export interface SqlSchema {
  /** Alias of the table in the statement. */
  readonly alias: string;
  /** Fields held in their own TEXT column (field → column). */
  readonly columns: ReadonlyMap<string, string>;
  /** Fields held as JSON text in their own column (field → column), e.g. `tags`. */
  readonly jsonColumns: ReadonlyMap<string, string>;
  /** Column holding the whole document as JSON text. */
  readonly docColumn: string;
  /** Columns with a `COLLATE NOCASE` index: a wildcard with a literal prefix also gets an index range. */
  readonly nocaseIndexed: ReadonlySet<string>;
  /** FTS5 table indexing `summary` by rowid, or null to evaluate full text with {@link TEXT_FUNCTION}. */
  readonly ftsTable: string | null;
}

/** A WHERE fragment and its bound parameters, in order. */
export interface SqlFragment {
  sql: string;
  params: unknown[];
}

/** SQL function `(text, regexSource) → 0|1`: full-text test with the in-memory rules; registered per connection. */
export const TEXT_FUNCTION = 'vigil_text_match';
/** SQL function `(text, wildcardPattern) → 0|1`: some word of the text matches, as in memory; registered per connection. */
export const WORD_WILDCARD_FUNCTION = 'vigil_word_wildcard';

/** Deepest query tree translated (SQLite's own expression depth limit is 1000). */
const MAX_DEPTH = 64;

/** JSON path of a field inside the document: `$."details"."username"` (segments validated, never interpolated). */
export function jsonPath(field: string): string {
  return `$${field
    .split('.')
    .map((s) => `."${s}"`)
    .join('')}`;
}

/** Throws QUERY_INVALID unless the field is a safe dotted path. */
export function checkField(field: string): void {
  if (!isFieldPath(field)) {
    throw new VigilError(
      'QUERY_INVALID',
      `'${field}' is not a field name: use letters, digits, '_', '@' and '-', with '.' between parts`,
    );
  }
}

/** SQL true when the text expression `v` is a decimal literal `-?[0-9]+(\.[0-9]+)?` (as `isNumericLiteral`). */
function numericLiteralSql(v: string): string {
  const u = `substr(${v}, 1 + (${v} GLOB '-*'))`;
  return `(${u} GLOB '[0-9]*' AND NOT ${u} GLOB '*[^0-9.]*' AND NOT ${u} GLOB '*.*.*' AND NOT ${u} GLOB '*.')`;
}

/**
 * Translates a query into a WHERE fragment. A fragment may be NULL where a value is missing; NULL counts as
 * false everywhere, and NOT wraps its operand in `ifnull(…, 0)` so that negation means what it says.
 * Values are bound parameters; field paths are validated and passed as parameters too.
 */
export function queryToSql(query: QueryNode, schema: SqlSchema): SqlFragment {
  const params: unknown[] = [];
  const sql = translate(query, schema, params, 0);
  return { sql, params };
}

function translate(node: QueryNode, schema: SqlSchema, params: unknown[], depth: number): string {
  if (depth > MAX_DEPTH) throw new VigilError('QUERY_INVALID', `query nests deeper than ${MAX_DEPTH} levels; simplify it`);
  switch (node.type) {
    case 'match_all':
      return '1';
    case 'and':
      if (node.clauses.length === 0) return '1';
      return balanced(node.clauses.map((c) => translate(c, schema, params, depth + 1)), 'AND');
    case 'or':
      if (node.clauses.length === 0) return '0';
      return balanced(node.clauses.map((c) => translate(c, schema, params, depth + 1)), 'OR');
    case 'not':
      return `(NOT ifnull(${translate(node.clause, schema, params, depth + 1)}, 0))`;
    case 'term':
    case 'phrase':
      if (isFullText(node.field)) return fullText(schema, params, node.value, null);
      return keyword(node.field as string, schema, params, (v, t, column) =>
        termSql(node.field as string, node.value, v, t, column, params),
      );
    case 'wildcard': {
      const parts = splitPattern(node.pattern);
      if (isFullText(node.field)) return fullText(schema, params, null, parts, node.pattern);
      const glob = keywordPatternGlob(parts);
      const field = node.field as string;
      return keyword(field, schema, params, (v, t, column) => {
        if (!column) {
          params.push(glob);
          return `(${t} = 'text' AND lower(${v}) GLOB ?)`;
        }
        const range = schema.nocaseIndexed.has(field) ? prefixRange(parts) : null;
        if (range === null) {
          params.push(glob);
          return `lower(${v}) GLOB ?`;
        }
        // The range only lets the NOCASE index narrow the scan; the GLOB decides.
        params.push(range[0], range[1], glob);
        return `(${v} >= ? COLLATE NOCASE AND ${v} < ? COLLATE NOCASE AND lower(${v}) GLOB ?)`;
      });
    }
    case 'range':
      return keyword(node.field, schema, params, (v, t, column) => rangeSql(node, v, t, column, params));
    case 'exists':
      return existsSql(node.field, schema, params);
  }
}

/**
 * `[low, high)` holding every value whose ASCII-lower-cased form starts with the pattern's literal prefix,
 * in NOCASE order; null when there is no usable prefix.
 */
function prefixRange(parts: ReturnType<typeof splitPattern>): [string, string] | null {
  const first = parts[0];
  if (first?.kind !== 'literal' || parts.length === 1) return null;
  const low = asciiLower(first.text);
  const last = low.charCodeAt(low.length - 1);
  if (low === '' || last >= 0xd7ff) return null;
  return [low, low.slice(0, -1) + String.fromCharCode(last + 1)];
}

/**
 * Joins terms with AND/OR as a balanced tree: SQLite parses `a OR b OR c …` left-deep and refuses expression
 * trees deeper than 1000, which a long query would otherwise reach.
 */
function balanced(terms: readonly string[], op: 'AND' | 'OR'): string {
  if (terms.length <= 16) return `(${terms.join(` ${op} `)})`;
  const middle = Math.ceil(terms.length / 2);
  return `(${balanced(terms.slice(0, middle), op)} ${op} ${balanced(terms.slice(middle), op)})`;
}

function fullText(
  schema: SqlSchema,
  params: unknown[],
  value: string | null,
  parts: ReturnType<typeof splitPattern> | null,
  pattern = '',
): string {
  const summary = columnOf(schema, 'summary');
  if (value !== null) {
    const source = phraseSource(value);
    if (source === null) return '0';
    if (schema.ftsTable !== null) {
      params.push(`"${value.replace(/"/g, '""')}"`);
      return `${schema.alias}.rowid IN (SELECT rowid FROM ${schema.ftsTable} WHERE ${schema.ftsTable} MATCH ?)`;
    }
    params.push(source);
    return `${TEXT_FUNCTION}(${summary}, ?)`;
  }
  const p = parts ?? [];
  if (!isWordPattern(p)) return '0';
  const prefix = p.length === 2 && p[0]?.kind === 'literal' && p[1]?.kind === 'star' ? p[0].text : null;
  if (schema.ftsTable !== null && prefix !== null && isSingleToken(prefix)) {
    params.push(`"${prefix}" *`);
    return `${schema.alias}.rowid IN (SELECT rowid FROM ${schema.ftsTable} WHERE ${schema.ftsTable} MATCH ?)`;
  }
  params.push(pattern);
  return `${WORD_WILDCARD_FUNCTION}(${summary}, ?)`;
}

function columnOf(schema: SqlSchema, field: string): string {
  const column = schema.columns.get(field);
  if (column !== undefined) return `${schema.alias}.${column}`;
  return `(${schema.alias}.${schema.docColumn} ->> '${jsonPath(field)}')`;
}

/**
 * A predicate on the values of a keyword field: its own column (TEXT or NULL), or each scalar of the JSON
 * value at its path (the value itself, or the elements of an array; never the members of an object).
 * `predicate(v, t, column)` gets the value and type expressions (type names as `json_each` gives them).
 */
function keyword(
  field: string,
  schema: SqlSchema,
  params: unknown[],
  predicate: (v: string, t: string, column: boolean) => string,
): string {
  checkField(field);
  const column = schema.columns.get(field);
  if (column !== undefined) {
    const v = `${schema.alias}.${column}`;
    return predicate(v, `typeof(${v})`, true);
  }
  const source = jsonSource(field, schema, params);
  return `EXISTS (SELECT 1 FROM ${source} j WHERE typeof(j.key) <> 'text' AND ${predicate('j.value', 'j.type', false)})`;
}

function jsonSource(field: string, schema: SqlSchema, params: unknown[]): string {
  const column = schema.jsonColumns.get(field);
  if (column !== undefined) return `json_each(${schema.alias}.${column})`;
  params.push(jsonPath(field));
  return `json_each(${schema.alias}.${schema.docColumn}, ?)`;
}

function termSql(field: string, value: string, v: string, t: string, column: boolean, params: unknown[]): string {
  params.push(value);
  // Columns are TEXT (a number written there became its text), so equality is all there is to test.
  if (field === 'id') return column ? `${v} = ?` : `(${t} = 'text' AND ${v} = ?)`;
  if (column) return `${v} = ? COLLATE NOCASE`;
  const alternatives = [`(${t} = 'text' AND ${v} = ? COLLATE NOCASE)`];
  if (isNumericLiteral(value)) {
    params.push(Number(value));
    alternatives.push(`(${t} IN ('integer', 'real') AND ${v} = ?)`);
  }
  const lower = value.toLowerCase();
  if (lower === 'true' || lower === 'false') alternatives.push(`${t} = '${lower}'`);
  return `(${alternatives.join(' OR ')})`;
}

function rangeSql(
  node: Extract<QueryNode, { type: 'range' }>,
  v: string,
  t: string,
  column: boolean,
  params: unknown[],
): string {
  const text = column ? `${v} IS NOT NULL` : `${t} = 'text'`;
  const conditions: string[] = [];
  const bound = (b: string | number | undefined, op: string): void => {
    if (b === undefined) return;
    if (typeof b === 'number') {
      if (!Number.isFinite(b)) throw new VigilError('QUERY_INVALID', 'range bounds must be finite numbers');
      params.push(b);
      conditions.push(
        column
          ? `(CASE WHEN ${numericLiteralSql(v)} THEN CAST(${v} AS REAL) END) ${op} ?`
          : `(CASE WHEN ${t} IN ('integer', 'real') THEN ${v} WHEN ${t} = 'text' AND ${numericLiteralSql(v)} THEN CAST(${v} AS REAL) END) ${op} ?`,
      );
    } else {
      params.push(b);
      conditions.push(column ? `${v} ${op} ?` : `(${t} = 'text' AND ${v} ${op} ?)`);
    }
  };
  bound(node.gte, '>=');
  bound(node.gt, '>');
  bound(node.lte, '<=');
  bound(node.lt, '<');
  if (conditions.length === 0) return column ? `(${text})` : `(${t} IN ('text', 'integer', 'real', 'true', 'false'))`;
  return `(${conditions.join(' AND ')})`;
}

function existsSql(field: string, schema: SqlSchema, params: unknown[]): string {
  checkField(field);
  const column = schema.columns.get(field);
  if (column !== undefined) return `(${schema.alias}.${column} IS NOT NULL)`;
  const source = jsonSource(field, schema, params);
  return `EXISTS (SELECT 1 FROM ${source} j WHERE j.type <> 'null')`;
}
