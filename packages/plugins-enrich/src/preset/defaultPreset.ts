import type { EnrichmentPlugin } from '@vigil/core';
import { auditd } from '../auditd/auditd';
import { cloudtrail } from '../cloudtrail/cloudtrail';
import { compliance } from '../compliance/compliance';
import { ecs } from '../ecs/ecs';
import type { EcsOptions } from '../ecs/ecs';
import { geoip } from '../geoip/geoip';
import type { GeoipOptions } from '../geoip/geoip';
import { github } from '../github/github';
import { dotKeys } from '../hygiene/dotKeys';
import type { DotKeysOptions } from '../hygiene/dotKeys';
import { dropMatching } from '../hygiene/dropMatching';
import { lowercaseKeys } from '../hygiene/lowercaseKeys';
import { tagByRule } from '../hygiene/tagByRule';
import type { TagRule } from '../hygiene/tagByRule';
import { truncateStrings } from '../hygiene/truncateStrings';
import type { TruncateStringsOptions } from '../hygiene/truncateStrings';
import { ipFixup } from '../ipFixup/ipFixup';
import { pf } from '../pf/pf';
import { proxy } from '../proxy/proxy';
import { sshd } from '../sshd/sshd';
import { su } from '../su/su';
import { sudo } from '../sudo/sudo';
import { suricata } from '../suricata/suricata';
import { vulnerability } from '../vulnerability/vulnerability';
import { zeek } from '../zeek/zeek';

/** Options of {@link defaultPreset}. */
export interface DefaultPresetOptions {
  /** geoip options, or `false` to leave geolocation out. @default {} (bundled DB-IP lite city database and ASN ranges) */
  geoip?: GeoipOptions | false;
  /** ECS output, or `false` for none. @default false */
  ecs?: EcsOptions | false;
  /** Options of the dot-in-keys fix. @default { mode: 'underscore' } */
  dotKeys?: DotKeysOptions;
  /** Options of the huge-string cap. @default { maxLength: 32766 } */
  truncate?: TruncateStringsOptions;
  /** Queries whose matching events are dropped first. @default [] */
  drop?: string[];
  /** Tag/severity rules applied after enrichment. @default [] */
  rules?: TagRule[];
}

/**
 * The enrichment plugins for mixed syslog/JSON input, in order: cap huge strings → (drop rules) → parsers
 * (cloudtrail, sshd, su, sudo, auditd, zeek, suricata, proxy, pf, github, compliance, vulnerability) →
 * lower-case keys → ipFixup → geoip → dots in keys → (tag rules) → (ECS). Sorted by priority.
 */
export function defaultPreset(options: DefaultPresetOptions = {}): EnrichmentPlugin[] {
  const plugins: EnrichmentPlugin[] = [truncateStrings(options.truncate)];
  if (options.drop !== undefined && options.drop.length > 0) plugins.push(dropMatching({ queries: options.drop }));
  plugins.push(
    cloudtrail(),
    sshd(),
    su(),
    sudo(),
    auditd(),
    zeek(),
    suricata(),
    proxy(),
    pf(),
    github(),
    compliance(),
    vulnerability(),
    lowercaseKeys(),
    ipFixup(),
  );
  if (options.geoip !== false) plugins.push(geoip(options.geoip ?? {}));
  plugins.push(dotKeys(options.dotKeys));
  if (options.rules !== undefined && options.rules.length > 0) plugins.push(tagByRule({ rules: options.rules }));
  if (options.ecs !== undefined && options.ecs !== false) plugins.push(ecs(options.ecs));
  // Stable sort: equal priorities keep the order above.
  return plugins
    .map((plugin, index) => ({ plugin, index }))
    .sort((a, b) => (a.plugin.priority ?? 50) - (b.plugin.priority ?? 50) || a.index - b.index)
    .map(({ plugin }) => plugin);
}
