/** A literal value in a selector. */
export type SelectorLiteral = string | number | boolean;

/** A parsed selector expression: a tree over the agent's environment. */
export type SelectorNode =
  | { readonly kind: 'and' | 'or'; readonly left: SelectorNode; readonly right: SelectorNode }
  | { readonly kind: 'not'; readonly operand: SelectorNode }
  | { readonly kind: 'compare'; readonly op: '==' | '!='; readonly field: string; readonly value: SelectorLiteral }
  | { readonly kind: 'match'; readonly field: string; readonly pattern: RegExp }
  | { readonly kind: 'in'; readonly field: string; readonly values: readonly SelectorLiteral[] }
  | { readonly kind: 'literal'; readonly value: boolean };

/** Outcome of {@link parseSelector}: the tree, or where and why it failed. */
export type ParseSelectorResult =
  | { ok: true; selector: SelectorNode }
  | { ok: false; code: 'SELECTOR_INVALID'; reason: string; position: number };

/** Limits that keep selectors cheap to parse and evaluate. */
export interface SelectorLimits {
  /** Longest accepted source, in characters. @default 4096 */
  maxLength?: number;
  /** Deepest accepted nesting of operators and parentheses. @default 32 */
  maxDepth?: number;
}

type Token =
  | { type: 'ident'; value: string; pos: number }
  | { type: 'string'; value: string; pos: number }
  | { type: 'number'; value: number; pos: number }
  | { type: 'op'; value: string; pos: number }
  | { type: 'end'; pos: number };

class SelectorSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_.-]/;
const OPERATORS = ['&&', '||', '==', '!=', '=~', '!', '(', ')', '[', ']', ','];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (c === '"' || c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= source.length) throw new SelectorSyntaxError('unterminated string', start);
        const d = source[i] as string;
        if (d === c) break;
        if (d === '\\') {
          const next = source[i + 1];
          if (next === undefined) throw new SelectorSyntaxError('unterminated string', start);
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
          i += 2;
          continue;
        }
        value += d;
        i++;
      }
      i++;
      tokens.push({ type: 'string', value, pos: start });
      continue;
    }
    if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(source[i + 1] ?? ''))) {
      const m = /^-?[0-9]+(\.[0-9]+)?/.exec(source.slice(i));
      const text = (m as RegExpExecArray)[0];
      i += text.length;
      if (IDENT_START.test(source[i] ?? '')) throw new SelectorSyntaxError(`bad number "${text}${source[i]}"`, start);
      tokens.push({ type: 'number', value: Number(text), pos: start });
      continue;
    }
    if (IDENT_START.test(c)) {
      while (i < source.length && IDENT_PART.test(source[i] as string)) i++;
      tokens.push({ type: 'ident', value: source.slice(start, i), pos: start });
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (op === undefined) throw new SelectorSyntaxError(`unexpected character "${c}"`, start);
    i += op.length;
    tokens.push({ type: 'op', value: op, pos: start });
  }
  tokens.push({ type: 'end', pos: source.length });
  return tokens;
}

/**
 * Parses a target selector such as `os == "linux" && tags.env == "prod"`.
 * Grammar: `||`, `&&`, `!`, parentheses, and comparisons `field == lit`, `field != lit`,
 * `field =~ "regex"`, `field in [lit, …]`; literals are strings, numbers, `true`/`false`.
 * Hand-written recursive descent: nothing is evaluated as code.
 */
export function parseSelector(source: string, limits: SelectorLimits = {}): ParseSelectorResult {
  const maxLength = limits.maxLength ?? 4096;
  const maxDepth = limits.maxDepth ?? 32;
  if (source.length > maxLength) {
    return { ok: false, code: 'SELECTOR_INVALID', reason: `selector is longer than ${maxLength} characters`, position: maxLength };
  }
  try {
    const tokens = tokenize(source);
    let index = 0;
    const peek = (): Token => tokens[index] as Token;
    const next = (): Token => tokens[index++] as Token;
    const isOp = (t: Token, value: string): boolean => t.type === 'op' && t.value === value;
    const describe = (t: Token): string =>
      t.type === 'end' ? 'end of selector' : t.type === 'string' ? `string "${t.value}"` : `"${String(t.value)}"`;

    const literal = (): SelectorLiteral => {
      const t = next();
      if (t.type === 'string' || t.type === 'number') return t.value;
      if (t.type === 'ident' && (t.value === 'true' || t.value === 'false')) return t.value === 'true';
      throw new SelectorSyntaxError(`expected a string, number or boolean, found ${describe(t)}`, t.pos);
    };

    const primary = (depth: number): SelectorNode => {
      if (depth > maxDepth) throw new SelectorSyntaxError(`selector nests deeper than ${maxDepth}`, peek().pos);
      const t = peek();
      if (isOp(t, '!')) {
        next();
        return { kind: 'not', operand: primary(depth + 1) };
      }
      if (isOp(t, '(')) {
        next();
        const inner = or(depth + 1);
        const close = next();
        if (!isOp(close, ')')) throw new SelectorSyntaxError(`expected ")", found ${describe(close)}`, close.pos);
        return inner;
      }
      if (t.type === 'ident' && (t.value === 'true' || t.value === 'false')) {
        next();
        return { kind: 'literal', value: t.value === 'true' };
      }
      if (t.type !== 'ident') throw new SelectorSyntaxError(`expected a field name, found ${describe(t)}`, t.pos);
      next();
      const field = t.value;
      const op = next();
      if (isOp(op, '==') || isOp(op, '!=')) {
        return { kind: 'compare', op: op.type === 'op' && op.value === '==' ? '==' : '!=', field, value: literal() };
      }
      if (isOp(op, '=~')) {
        const p = next();
        if (p.type !== 'string') throw new SelectorSyntaxError(`expected a regular expression string after =~`, p.pos);
        let pattern: RegExp;
        try {
          pattern = new RegExp(p.value);
        } catch (error) {
          throw new SelectorSyntaxError(`invalid regular expression: ${(error as Error).message}`, p.pos);
        }
        return { kind: 'match', field, pattern };
      }
      if (op.type === 'ident' && op.value === 'in') {
        const open = next();
        if (!isOp(open, '[')) throw new SelectorSyntaxError(`expected "[" after in, found ${describe(open)}`, open.pos);
        const values: SelectorLiteral[] = [];
        if (!isOp(peek(), ']')) {
          for (;;) {
            values.push(literal());
            const sep = next();
            if (isOp(sep, ']')) break;
            if (!isOp(sep, ',')) throw new SelectorSyntaxError(`expected "," or "]", found ${describe(sep)}`, sep.pos);
          }
        } else next();
        return { kind: 'in', field, values };
      }
      throw new SelectorSyntaxError(`expected ==, !=, =~ or in after "${field}", found ${describe(op)}`, op.pos);
    };

    const and = (depth: number): SelectorNode => {
      let left = primary(depth);
      while (isOp(peek(), '&&')) {
        next();
        left = { kind: 'and', left, right: primary(depth) };
      }
      return left;
    };

    const or = (depth: number): SelectorNode => {
      let left = and(depth);
      while (isOp(peek(), '||')) {
        next();
        left = { kind: 'or', left, right: and(depth) };
      }
      return left;
    };

    if (peek().type === 'end') throw new SelectorSyntaxError('selector is empty', 0);
    const selector = or(0);
    const rest = peek();
    if (rest.type !== 'end') throw new SelectorSyntaxError(`unexpected ${describe(rest)}`, rest.pos);
    return { ok: true, selector };
  } catch (error) {
    if (error instanceof SelectorSyntaxError) {
      return {
        ok: false,
        code: 'SELECTOR_INVALID',
        reason: `${error.message} at position ${error.position}`,
        position: error.position,
      };
    }
    throw error;
  }
}
