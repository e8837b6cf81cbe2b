import { defineRule, type RulePlugin } from '../rules/defineRule';

/** Options of {@link proxyNonstandardPort}. */
export interface ProxyNonstandardPortOptions {
  /** Destination ports considered normal. @default [80, 443, 8080, 8443] */
  allowedPorts?: readonly number[];
}

/** Proxied traffic to a destination port other than the web ports. */
export function proxyNonstandardPort(options: ProxyNonstandardPortOptions = {}): RulePlugin {
  const allowed = new Set(options.allowedPorts ?? [80, 443, 8080, 8443]);
  return defineRule({
    id: 'proxy-nonstandard-port',
    name: 'Proxy traffic to a non-standard port',
    severity: 'NOTICE',
    category: 'proxy',
    tags: ['proxy', 'T1571'],
    summary: '{{event.details.sourceipaddress}} reached {{event.details.host}} on port {{event.details.destinationport}} through the proxy',
    throttle: '1h',
    detect: {
      type: 'match',
      where: (e) => {
        if (e.category !== 'proxy') return false;
        const port = Number(e.details['destinationport']);
        return Number.isInteger(port) && port > 0 && !allowed.has(port);
      },
      groupBy: ['details.sourceipaddress', 'details.host', 'details.destinationport'],
    },
  });
}
