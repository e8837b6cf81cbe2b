/** One chain of an iptables table. */
export interface IptablesChain {
  name: string;
  /** `ACCEPT`/`DROP` for built-in chains, `-` for user chains. */
  policy: string;
}

/** One rule line of `iptables-save`. */
export interface IptablesRule {
  chain: string;
  /** The rule's match and target as written after `-A <chain>`. */
  spec: string;
  /** The `-j`/`-g` target, `''` when none. */
  target: string;
  /** `-s` source, when present. */
  source?: string;
  /** `-d` destination, when present. */
  destination?: string;
}

/** One table of `iptables-save` output. */
export interface IptablesTable {
  name: string;
  chains: IptablesChain[];
  rules: IptablesRule[];
}

/** Splits a rule spec into words, keeping quoted strings (e.g. comments) whole. */
function words(spec: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let m = re.exec(spec); m !== null; m = re.exec(spec)) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? ''));
  return out;
}

/** Parses the text printed by `iptables-save` / `ip6tables-save` into tables, chains and rules. */
export function parseIptablesSave(text: string): IptablesTable[] {
  const tables: IptablesTable[] = [];
  let current: IptablesTable | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('*')) {
      current = { name: line.slice(1), chains: [], rules: [] };
      tables.push(current);
    } else if (line === 'COMMIT') {
      current = undefined;
    } else if (current && line.startsWith(':')) {
      const [name = '', policy = '-'] = line.slice(1).split(/\s+/);
      current.chains.push({ name, policy });
    } else if (current && line.startsWith('-A ')) {
      const w = words(line.slice(3));
      const chain = w[0] ?? '';
      const rest = line.slice(3).trim().slice(chain.length).trim();
      const at = (flag: string): string | undefined => {
        const k = w.indexOf(flag);
        return k >= 0 ? w[k + 1] : undefined;
      };
      const source = at('-s');
      const destination = at('-d');
      current.rules.push({
        chain,
        spec: rest,
        target: at('-j') ?? at('-g') ?? '',
        ...(source !== undefined ? { source } : {}),
        ...(destination !== undefined ? { destination } : {}),
      });
    }
  }
  return tables;
}
