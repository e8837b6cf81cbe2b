/**
 * The store-agnostic query model. The query-string parser produces it; each store
 * (SQLite, Elasticsearch) translates it; `matchesQuery` evaluates it in memory.
 * Field names are dotted paths into the event (`details.sourceipaddress`); `null` field means
 * "the default fields" (full text over `summary`, as an analyst expects from a bare word).
 * A wildcard `pattern` uses `*` (any characters), `?` (one character) and `\` to escape the next character.
 * Range bounds that are numbers compare numerically, strings compare as strings. The semantics every store
 * follows are in docs/search.md.
 */
export type QueryNode =
  | { readonly type: 'match_all' }
  | { readonly type: 'term'; readonly field: string | null; readonly value: string }
  | { readonly type: 'phrase'; readonly field: string | null; readonly value: string }
  | { readonly type: 'wildcard'; readonly field: string | null; readonly pattern: string }
  | {
      readonly type: 'range';
      readonly field: string;
      readonly gte?: string | number;
      readonly gt?: string | number;
      readonly lte?: string | number;
      readonly lt?: string | number;
    }
  | { readonly type: 'exists'; readonly field: string }
  | { readonly type: 'and'; readonly clauses: readonly QueryNode[] }
  | { readonly type: 'or'; readonly clauses: readonly QueryNode[] }
  | { readonly type: 'not'; readonly clause: QueryNode };
