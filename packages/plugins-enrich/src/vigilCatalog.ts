import type { PluginCatalog } from '@vigil/core';
import { auditd } from './auditd/auditd';
import { cloudtrail } from './cloudtrail/cloudtrail';
import { compliance } from './compliance/compliance';
import { ecs } from './ecs/ecs';
import { geoip } from './geoip/geoip';
import { github } from './github/github';
import { copyFields } from './hygiene/copyFields';
import { dotKeys } from './hygiene/dotKeys';
import { dropFields } from './hygiene/dropFields';
import { dropMatching } from './hygiene/dropMatching';
import { lowercaseKeys } from './hygiene/lowercaseKeys';
import { renameFields } from './hygiene/renameFields';
import { tagByRule } from './hygiene/tagByRule';
import { truncateStrings } from './hygiene/truncateStrings';
import { ipFixup } from './ipFixup/ipFixup';
import { pf } from './pf/pf';
import { defaultPreset } from './preset/defaultPreset';
import { proxy } from './proxy/proxy';
import { sshd } from './sshd/sshd';
import { su } from './su/su';
import { sudo } from './sudo/sudo';
import { suricata } from './suricata/suricata';
import { vulnerability } from './vulnerability/vulnerability';
import { zeek } from './zeek/zeek';

/**
 * The pack as a configuration sees it: every plugin by its name, the `default` preset, and the preset as what
 * `vigil serve` runs when the configuration names no enrichment.
 */
export const vigilCatalog: PluginCatalog = {
  enrichment: {
    'enrich:sshd': sshd,
    'enrich:su': su,
    'enrich:sudo': sudo,
    'enrich:auditd': auditd,
    'enrich:zeek': zeek,
    'enrich:suricata': suricata,
    'enrich:cloudtrail': cloudtrail,
    'enrich:proxy': proxy,
    'enrich:pf': pf,
    'enrich:github': github,
    'enrich:ipFixup': ipFixup,
    'enrich:geoip': geoip,
    'enrich:lowercaseKeys': lowercaseKeys,
    'enrich:dotKeys': dotKeys,
    'enrich:truncateStrings': truncateStrings,
    'enrich:dropFields': dropFields,
    'enrich:renameFields': renameFields,
    'enrich:copyFields': copyFields,
    'enrich:dropMatching': dropMatching,
    'enrich:tagByRule': tagByRule,
    'enrich:compliance': compliance,
    'enrich:vulnerability': vulnerability,
    'enrich:ecs': ecs,
  },
  enrichmentPresets: { default: defaultPreset },
  defaults: { enrichmentPreset: 'default' },
};
