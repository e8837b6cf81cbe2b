/** A summary of an nftables ruleset, from `nft -j list ruleset`. */
export interface NftRuleset {
  tables: Array<{ family: string; name: string }>;
  chains: Array<{ family: string; table: string; name: string; hook?: string; policy?: string; rules: number }>;
  sets: Array<{ family: string; table: string; name: string; type: string; elements: string[] }>;
  /** Each rule's expressions as nft's JSON, with its place. */
  rules: Array<{ family: string; table: string; chain: string; handle: number; expr: unknown[] }>;
}

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Writes a set element (`"1.2.3.4"`, `{prefix: {addr, len}}`, `{range: [a, b]}`) as text. */
export function nftElementText(e: unknown): string {
  if (typeof e === 'string' || typeof e === 'number') return String(e);
  if (isRecord(e)) {
    const prefix = e.prefix;
    if (isRecord(prefix)) return `${String(prefix.addr)}/${String(prefix.len)}`;
    const range = e.range;
    if (Array.isArray(range)) return `${String(range[0])}-${String(range[1])}`;
    const elem = e.elem;
    if (isRecord(elem)) return nftElementText(elem.val);
  }
  return JSON.stringify(e);
}

/** Summarises the JSON printed by `nft -j list ruleset`. */
export function parseNftRuleset(json: unknown): NftRuleset {
  const out: NftRuleset = { tables: [], chains: [], sets: [], rules: [] };
  const items = isRecord(json) && Array.isArray(json.nftables) ? json.nftables : [];
  for (const item of items) {
    if (!isRecord(item)) continue;
    const table = item.table;
    const chain = item.chain;
    const set = item.set;
    const rule = item.rule;
    if (isRecord(table)) out.tables.push({ family: String(table.family), name: String(table.name) });
    if (isRecord(chain)) {
      out.chains.push({
        family: String(chain.family),
        table: String(chain.table),
        name: String(chain.name),
        ...(chain.hook !== undefined ? { hook: String(chain.hook) } : {}),
        ...(chain.policy !== undefined ? { policy: String(chain.policy) } : {}),
        rules: 0,
      });
    }
    if (isRecord(set)) {
      out.sets.push({
        family: String(set.family),
        table: String(set.table),
        name: String(set.name),
        type: String(set.type),
        elements: (Array.isArray(set.elem) ? set.elem : []).map(nftElementText),
      });
    }
    if (isRecord(rule)) {
      out.rules.push({
        family: String(rule.family),
        table: String(rule.table),
        chain: String(rule.chain),
        handle: Number(rule.handle),
        expr: Array.isArray(rule.expr) ? rule.expr : [],
      });
      const c = out.chains.find((x) => x.family === rule.family && x.table === rule.table && x.name === rule.chain);
      if (c) c.rules++;
    }
  }
  return out;
}
