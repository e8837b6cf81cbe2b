import { isFieldPath } from './internal/fieldPath';
import { isNumericLiteral } from './internal/text';
import { parseTimeExpression } from './parseTimeExpression';
import type { QueryNode } from './QueryNode';
import { EVENT_TOP_LEVEL_FIELDS, resolveField } from './topLevelFields';

/** Result of {@link parseQuery}: the query, or why and where the text is not a query. */
export type ParseQueryResult =
  | { ok: true; query: QueryNode }
  | { ok: false; reason: string; position: number };

/** Options of {@link parseQuery}. */
export interface ParseQueryOptions {
  /** Fields that stay top-level when typed bare; other bare names mean `details.<name>`. @default EVENT_TOP_LEVEL_FIELDS */
  topLevelFields?: ReadonlySet<string>;
  /** The instant `now` means in range bounds such as `[now-1h TO now]`. @default the current time */
  now?: Date;
}

/** Longest query text accepted. */
export const MAX_QUERY_LENGTH = 10_000;
/** Deepest nesting (parentheses and negations) accepted. */
export const MAX_QUERY_DEPTH = 32;

class QuerySyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly position: number,
  ) {
    super(reason);
  }
}

interface Word {
  /** The text with escapes removed. */
  text: string;
  /** The text as a wildcard pattern: literal `*`, `?` and `\` escaped with `\`. */
  pattern: string;
  /** Whether an unescaped `*` or `?` occurs. */
  wildcard: boolean;
  /** Whether any `\` escape occurs. */
  escaped: boolean;
  start: number;
}

const WORD_END = new Set([' ', '\t', '\n', '\r', '\f', '\v', '(', ')', '"', '[', ']', '{', '}']);

/**
 * Parses the Lucene-like query syntax analysts type (see docs/search.md): `field:value`, bare words (full text
 * over `summary`), `"phrases"`, wildcards, ranges (`[a TO b]`, `{a TO b}`, `>=5`), `AND`/`OR`/`NOT`
 * (`&&`, `||`, `!`, `-`, `+`), parentheses, `field:(a OR b)` and `_exists_:field`. Terms next to each other
 * are joined with AND; AND binds tighter than OR. Never throws: bad text gives the reason and 0-based position.
 */
export function parseQuery(input: string, options: ParseQueryOptions = {}): ParseQueryResult {
  if (input.length > MAX_QUERY_LENGTH) {
    return { ok: false, reason: `query is longer than ${MAX_QUERY_LENGTH} characters`, position: MAX_QUERY_LENGTH };
  }
  const parser = new Parser(input, options.topLevelFields ?? EVENT_TOP_LEVEL_FIELDS, options.now ?? new Date());
  try {
    return { ok: true, query: parser.parse() };
  } catch (error) {
    if (error instanceof QuerySyntaxError) return { ok: false, reason: error.reason, position: error.position };
    throw error;
  }
}

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(
    private readonly input: string,
    private readonly topLevelFields: ReadonlySet<string>,
    private readonly now: Date,
  ) {}

  parse(): QueryNode {
    this.skipSpace();
    if (this.pos >= this.input.length) return { type: 'match_all' };
    const node = this.parseOr(null);
    this.skipSpace();
    if (this.pos < this.input.length) {
      throw this.error(this.peek() === ')' ? `unexpected ')' with no matching '('` : 'expected an operator or a term');
    }
    return node;
  }

  private parseOr(field: string | null): QueryNode {
    const clauses = [this.parseAnd(field)];
    for (;;) {
      this.skipSpace();
      const op = this.operatorAt();
      if (op?.kind !== 'or') break;
      this.pos += op.length;
      clauses.push(this.parseAnd(field));
    }
    return clauses.length === 1 ? (clauses[0] as QueryNode) : { type: 'or', clauses };
  }

  private parseAnd(field: string | null): QueryNode {
    const clauses = [this.parseUnary(field)];
    for (;;) {
      this.skipSpace();
      if (this.pos >= this.input.length || this.peek() === ')') break;
      const op = this.operatorAt();
      if (op?.kind === 'or') break;
      if (op?.kind === 'and') this.pos += op.length;
      clauses.push(this.parseUnary(field));
    }
    return clauses.length === 1 ? (clauses[0] as QueryNode) : { type: 'and', clauses };
  }

  private parseUnary(field: string | null): QueryNode {
    this.skipSpace();
    const op = this.operatorAt();
    if (op?.kind === 'and' || op?.kind === 'or') {
      throw this.error(`expected a term before '${this.input.slice(this.pos, this.pos + op.length)}'`);
    }
    const c = this.peek();
    if (op?.kind === 'not' || ((c === '-' || c === '+') && this.isTermStart(this.pos + 1))) {
      const length = op?.length ?? 1;
      const negate = op?.kind === 'not' || c === '-';
      const at = this.pos;
      this.pos += length;
      this.enter(at);
      const operand = op?.kind === 'not' ? this.parseUnary(field) : this.parsePrimary(field);
      this.depth--;
      return negate ? { type: 'not', clause: operand } : operand;
    }
    if (c === '-' || c === '+') throw this.error(`expected a term right after '${c}'`, this.pos + 1);
    return this.parsePrimary(field);
  }

  private parsePrimary(field: string | null): QueryNode {
    this.skipSpace();
    const c = this.peek();
    if (c === undefined) throw this.error('expected a term, a phrase or \'(\' but the query ended');
    if (c === '(') {
      const open = this.pos;
      this.enter(open);
      this.pos++;
      this.skipSpace();
      if (this.peek() === ')') throw this.error('expected a term inside the parentheses');
      const node = this.parseOr(field);
      this.skipSpace();
      if (this.peek() !== ')') throw this.error(`expected ')' to close the '(' at position ${open}`);
      this.pos++;
      this.depth--;
      return node;
    }
    if (c === ')') throw this.error(`expected a term before ')'`);
    if (c === '"') return this.phrase(field);
    if (c === '[' || c === '{') {
      if (field === null) throw this.error(`a range needs a field, as in 'field:[1 TO 5]'`);
      return this.range(field);
    }
    if (c === ']' || c === '}') throw this.error(`unexpected '${c}' outside a range`);
    if ((c === '>' || c === '<') && field !== null) return this.comparison(field);
    const word = this.word(field !== null);
    if (field === null && this.peek() === ':') return this.fieldExpression(word);
    return this.valueNode(field, word);
  }

  private fieldExpression(name: Word): QueryNode {
    this.pos++;
    if (name.text === '*') {
      const value = this.word(true);
      if (value.text === '*' && !value.escaped) return { type: 'match_all' };
      throw this.error(`a field name cannot contain wildcards; only '*:*' is allowed`, name.start);
    }
    if (name.text === '_exists_' && !name.escaped) {
      this.skipSpace();
      const target = this.word(false);
      return { type: 'exists', field: this.field(target) };
    }
    const field = this.field(name);
    this.skipSpace();
    const c = this.peek();
    if (c === undefined || c === ')') {
      throw this.error(`expected a value after '${name.text}:'`);
    }
    if (c === '(') {
      const open = this.pos;
      this.enter(open);
      this.pos++;
      this.skipSpace();
      if (this.peek() === ')') throw this.error(`expected a value inside '${name.text}:(…)'`);
      const node = this.parseOr(field);
      this.skipSpace();
      if (this.peek() !== ')') throw this.error(`expected ')' to close the '(' at position ${open}`);
      this.pos++;
      this.depth--;
      return node;
    }
    if (c === '"') return this.phrase(field);
    if (c === '[' || c === '{') return this.range(field);
    if (c === '>' || c === '<') return this.comparison(field);
    return this.valueNode(field, this.word(true));
  }

  private field(word: Word): string {
    if (word.wildcard) throw this.error(`a field name cannot contain wildcards`, word.start);
    if (word.escaped || !isFieldPath(word.text)) {
      throw this.error(
        `'${word.text}' is not a field name: use letters, digits, '_', '@' and '-', with '.' between parts`,
        word.start,
      );
    }
    return resolveField(word.text, this.topLevelFields);
  }

  private valueNode(field: string | null, word: Word): QueryNode {
    if (word.wildcard) {
      if (/^\*+$/.test(word.pattern)) return field === null ? { type: 'match_all' } : { type: 'exists', field };
      return { type: 'wildcard', field, pattern: word.pattern };
    }
    return { type: 'term', field, value: word.text };
  }

  private phrase(field: string | null): QueryNode {
    return { type: 'phrase', field, value: this.quoted() };
  }

  private quoted(): string {
    const open = this.pos;
    this.pos++;
    let text = '';
    for (;;) {
      const c = this.peek();
      if (c === undefined) throw this.error(`expected '"' to close the phrase opened at position ${open}`);
      this.pos++;
      if (c === '"') return text;
      if (c === '\\') {
        const next = this.peek();
        if (next === undefined) throw this.error(`expected a character after '\\'`);
        text += next;
        this.pos++;
      } else {
        text += c;
      }
    }
  }

  private range(field: string): QueryNode {
    const open = this.pos;
    const lowerInclusive = this.peek() === '[';
    this.pos++;
    this.skipSpace();
    const lower = this.bound('the lower bound');
    this.skipSpace();
    if (!(this.input.startsWith('TO', this.pos) && this.isBoundaryAt(this.pos + 2))) {
      throw this.error(`expected 'TO' in the range opened at position ${open}`);
    }
    this.pos += 2;
    this.skipSpace();
    const upper = this.bound('the upper bound');
    this.skipSpace();
    const close = this.peek();
    if (close !== ']' && close !== '}') {
      throw this.error(`expected ']' or '}' to close the range opened at position ${open}`);
    }
    this.pos++;
    if (lower === null && upper === null) return { type: 'exists', field };
    const numeric = (lower === null || isNumericLiteral(lower)) && (upper === null || isNumericLiteral(upper));
    const value = (v: string): string | number => (numeric ? Number(v) : v);
    return {
      type: 'range',
      field,
      ...(lower === null ? {} : lowerInclusive ? { gte: value(lower) } : { gt: value(lower) }),
      ...(upper === null ? {} : close === ']' ? { lte: value(upper) } : { lt: value(upper) }),
    };
  }

  private comparison(field: string): QueryNode {
    const op = this.input.startsWith('>=', this.pos)
      ? 'gte'
      : this.input.startsWith('<=', this.pos)
        ? 'lte'
        : this.peek() === '>'
          ? 'gt'
          : 'lt';
    this.pos += op.length === 3 ? 2 : 1;
    const at = this.pos;
    const bound = this.bound('a value');
    if (bound === null) throw this.error(`expected a value, not '*', after a comparison`, at);
    return { type: 'range', field, [op]: isNumericLiteral(bound) ? Number(bound) : bound };
  }

  /** A range bound: a word or a quoted string; `null` for an open end (`*`). Time math (`now-1h`) is resolved. */
  private bound(what: string): string | null {
    const c = this.peek();
    if (c === undefined || c === ']' || c === '}' || c === ' ') throw this.error(`expected ${what}`);
    if (c === '"') return this.quoted();
    const word = this.word(true);
    if (word.text === 'TO' && !word.escaped) throw this.error(`expected ${what} before 'TO'`, word.start);
    if (word.wildcard) {
      if (word.pattern === '*') return null;
      throw this.error(`a range bound cannot contain wildcards`, word.start);
    }
    if (word.text.startsWith('now') && !word.escaped) {
      const time = parseTimeExpression(word.text, this.now);
      if (time === null) throw this.error(`'${word.text}' is not a time such as now-15m or now-1d/d`, word.start);
      return time.toISOString();
    }
    return word.text;
  }

  /** Reads a word up to a space or a special character; `:` belongs to the word when `colons` is set. */
  private word(colons: boolean): Word {
    const start = this.pos;
    let text = '';
    let pattern = '';
    let wildcard = false;
    let escaped = false;
    for (;;) {
      const c = this.peek();
      if (c === undefined || WORD_END.has(c) || (c === ':' && !colons)) break;
      if (c === '^' || c === '~') {
        throw this.error(`'${c}' (boost or fuzzy search) is not supported; write '\\${c}' to search for it`);
      }
      this.pos++;
      if (c === '\\') {
        const next = this.peek();
        if (next === undefined) throw this.error(`expected a character after '\\'`);
        this.pos++;
        escaped = true;
        text += next;
        pattern += next === '*' || next === '?' || next === '\\' ? `\\${next}` : next;
      } else {
        if (c === '*' || c === '?') wildcard = true;
        text += c;
        pattern += c;
      }
    }
    if (this.pos === start) {
      const c = this.peek();
      throw this.error(c === undefined ? 'expected a value but the query ended' : `expected a value, found '${c}'`);
    }
    return { text, pattern, wildcard, escaped, start };
  }

  /** The boolean operator starting at the current position, if any. */
  private operatorAt(): { kind: 'and' | 'or' | 'not'; length: number } | undefined {
    const rest = this.input;
    const p = this.pos;
    if (rest.startsWith('&&', p)) return { kind: 'and', length: 2 };
    if (rest.startsWith('||', p)) return { kind: 'or', length: 2 };
    if (rest[p] === '!' && this.isTermStart(p + 1)) return { kind: 'not', length: 1 };
    for (const [word, kind] of [
      ['AND', 'and'],
      ['OR', 'or'],
      ['NOT', 'not'],
    ] as const) {
      if (rest.startsWith(word, p) && this.isBoundaryAt(p + word.length) && rest[p + word.length] !== ':') {
        return { kind, length: word.length };
      }
    }
    return undefined;
  }

  /** Whether a term may start at `index` (not the end, a space or a closing bracket). */
  private isTermStart(index: number): boolean {
    const c = this.input[index];
    return c !== undefined && !/\s/.test(c) && c !== ')' && c !== ']' && c !== '}';
  }

  /** Whether a word ends at `index`. */
  private isBoundaryAt(index: number): boolean {
    const c = this.input[index];
    return c === undefined || WORD_END.has(c) || c === ':';
  }

  private enter(position: number): void {
    this.depth++;
    if (this.depth > MAX_QUERY_DEPTH) throw this.error(`query nests deeper than ${MAX_QUERY_DEPTH} levels`, position);
  }

  private skipSpace(): void {
    while (this.pos < this.input.length && /\s/.test(this.input[this.pos] as string)) this.pos++;
  }

  private peek(): string | undefined {
    return this.input[this.pos];
  }

  private error(reason: string, position: number = this.pos): QuerySyntaxError {
    return new QuerySyntaxError(`${reason} (at position ${position})`, position);
  }
}
