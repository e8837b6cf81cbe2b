/** A parsed Sigma condition. */
export type ConditionNode =
  | { type: 'and' | 'or'; clauses: ConditionNode[] }
  | { type: 'not'; clause: ConditionNode }
  | { type: 'ref'; name: string }
  | { type: 'of'; quantifier: 'one' | 'all'; pattern: string };

/** Thrown for conditions Vigil cannot run; the caller names the rule. */
export class ConditionError extends Error {}

const TOKEN = /\s*(\(|\)|[^\s()]+)/y;

/** Parses `sel1 and not (filter or 1 of sel_*)`. Keywords are case-insensitive. */
export function parseCondition(text: string): ConditionNode {
  if (text.includes('|')) throw new ConditionError(`condition "${text}" uses a '|' aggregation (deprecated; use a correlation rule)`);
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(text)) !== null) tokens.push(m[1] as string);
  if (text.slice(TOKEN.lastIndex).trim() !== '' && tokens.length === 0) throw new ConditionError(`condition "${text}" is empty`);
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const kw = (t: string | undefined, word: string): boolean => t !== undefined && t.toLowerCase() === word;
  const orExpr = (): ConditionNode => {
    const clauses = [andExpr()];
    while (kw(peek(), 'or')) {
      pos++;
      clauses.push(andExpr());
    }
    return clauses.length === 1 ? (clauses[0] as ConditionNode) : { type: 'or', clauses };
  };
  const andExpr = (): ConditionNode => {
    const clauses = [notExpr()];
    while (kw(peek(), 'and')) {
      pos++;
      clauses.push(notExpr());
    }
    return clauses.length === 1 ? (clauses[0] as ConditionNode) : { type: 'and', clauses };
  };
  const notExpr = (): ConditionNode => {
    if (kw(peek(), 'not')) {
      pos++;
      return { type: 'not', clause: notExpr() };
    }
    return primary();
  };
  const primary = (): ConditionNode => {
    const t = peek();
    if (t === undefined) throw new ConditionError(`condition "${text}" ends too early`);
    if (t === '(') {
      pos++;
      const inner = orExpr();
      if (peek() !== ')') throw new ConditionError(`condition "${text}" misses a ')'`);
      pos++;
      return inner;
    }
    if (kw(tokens[pos + 1], 'of')) {
      const q = t.toLowerCase();
      const target = tokens[pos + 2];
      if (target === undefined || target === '(' || target === ')') throw new ConditionError(`condition "${text}": '${t} of' needs a name pattern or 'them'`);
      if (q !== '1' && q !== 'all' && q !== 'any') throw new ConditionError(`condition "${text}": '${t} of' (only '1 of' and 'all of' are supported)`);
      pos += 3;
      return { type: 'of', quantifier: q === 'all' ? 'all' : 'one', pattern: target };
    }
    if (t === ')' || ['and', 'or', 'not', 'of'].includes(t.toLowerCase())) throw new ConditionError(`condition "${text}": unexpected '${t}'`);
    pos++;
    return { type: 'ref', name: t };
  };
  const node = orExpr();
  if (pos !== tokens.length) throw new ConditionError(`condition "${text}": unexpected '${tokens[pos] as string}'`);
  return node;
}
