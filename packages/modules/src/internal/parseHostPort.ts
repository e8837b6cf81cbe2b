/** A host and port split from `host`, `host:port`, `[v6]:port` or a bare IPv6 address. */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** Splits `text` into host and port, using `defaultPort` when none is given; undefined when malformed. */
export function parseHostPort(text: string, defaultPort: number): HostPort | undefined {
  const t = text.trim();
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(t);
  let host: string;
  let port = defaultPort;
  if (bracket?.[1] !== undefined) {
    host = bracket[1];
    if (bracket[2] !== undefined) port = Number(bracket[2]);
  } else if ((t.match(/:/g) ?? []).length === 1) {
    const [h, p] = t.split(':');
    host = h ?? '';
    if (!/^\d+$/.test(p ?? '')) return undefined;
    port = Number(p);
  } else {
    host = t;
  }
  if (host === '' || !Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  return { host, port };
}
