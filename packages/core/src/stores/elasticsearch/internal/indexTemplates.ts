import type { estypes } from '@elastic/elasticsearch';
import { CI_SUBFIELD, NUM_SUBFIELD, RAW_SUBFIELD } from './queryToDsl';

/** Longest keyword indexed (in characters); longer values are kept in `_source` but not searchable. */
export const IGNORE_ABOVE = 8191;

const NORMALIZER = 'vigil_ascii_lowercase';
const TEXT_ANALYZER = 'vigil_text';

/** Top-level event fields mapped as `date`. */
export const EVENT_DATE_FIELDS: ReadonlySet<string> = new Set(['utctimestamp', 'receivedtimestamp', 'timestamp']);
/** Top-level alert fields mapped as `date`. */
export const ALERT_DATE_FIELDS: ReadonlySet<string> = new Set(['utctimestamp']);

/**
 * Analysis shared by both templates: an ASCII-only lower-casing normalizer (Vigil's keyword rule, as SQLite's
 * NOCASE: `A`–`Z` fold, nothing else) and a full-text analyser splitting on everything but Unicode letters,
 * numbers and private-use characters, then lower-casing (SQLite FTS5 `unicode61`, diacritics kept).
 */
const ANALYSIS: estypes.IndicesIndexSettingsAnalysis = {
  char_filter: {
    vigil_ascii_fold: {
      type: 'mapping',
      mappings: Array.from({ length: 26 }, (_, i) => `${String.fromCharCode(65 + i)} => ${String.fromCharCode(97 + i)}`),
    },
  },
  normalizer: { [NORMALIZER]: { type: 'custom', char_filter: ['vigil_ascii_fold'], filter: [] } },
  tokenizer: { vigil_words: { type: 'pattern', pattern: '[^\\p{L}\\p{N}\\p{Co}]+' } },
  analyzer: { [TEXT_ANALYZER]: { type: 'custom', tokenizer: 'vigil_words', filter: ['lowercase'] } },
};

/** A keyword as written, its ASCII-lower-cased twin and, when it reads as a number, its double. */
function keyword(extra: Record<string, estypes.MappingProperty> = {}): estypes.MappingProperty {
  return {
    type: 'keyword',
    ignore_above: IGNORE_ABOVE,
    fields: {
      [CI_SUBFIELD]: { type: 'keyword', normalizer: NORMALIZER, ignore_above: IGNORE_ABOVE },
      [NUM_SUBFIELD]: { type: 'double', ignore_malformed: true },
      ...extra,
    },
  };
}

/** A timestamp: a `date` for time ranges, sorting and histograms; the string as written for string queries. */
function timestamp(required: boolean): estypes.MappingProperty {
  return {
    type: 'date',
    format: 'strict_date_optional_time||epoch_millis',
    ...(required ? {} : { ignore_malformed: true }),
    fields: {
      [RAW_SUBFIELD]: { type: 'keyword', ignore_above: IGNORE_ABOVE },
      [CI_SUBFIELD]: { type: 'keyword', normalizer: NORMALIZER, ignore_above: IGNORE_ABOVE },
    },
  };
}

/**
 * Dynamic templates for every field not mapped explicitly (all of `details`): IP-named strings are keywords
 * with an `ip` sub-field (CIDR and IP ranges); every other scalar — string, number or boolean — is a keyword
 * with the `ci` and `num` sub-fields, so one field may hold `"4846"` in one event and `4846` in the next.
 */
const DYNAMIC_TEMPLATES: Array<Record<string, estypes.MappingDynamicTemplate>> = [
  {
    ip_addresses: {
      match_mapping_type: 'string',
      match: ['*ipaddress', '*ip'],
      mapping: keyword({ ip: { type: 'ip', ignore_malformed: true } }),
    },
  },
  { strings: { match_mapping_type: 'string', mapping: keyword() } },
  { integers: { match_mapping_type: 'long', mapping: keyword() } },
  { decimals: { match_mapping_type: 'double', mapping: keyword() } },
  { booleans: { match_mapping_type: 'boolean', mapping: keyword() } },
];

/** Geo points computed from what the geoip enrichment writes (`details.<side>ipgeolocation.latitude/longitude`). */
function geoPoint(base: string): estypes.MappingRuntimeField {
  const lat = `${base}.latitude.${NUM_SUBFIELD}`;
  const lon = `${base}.longitude.${NUM_SUBFIELD}`;
  return {
    type: 'geo_point',
    script: {
      source: `if (doc.containsKey('${lat}') && doc.containsKey('${lon}') && doc['${lat}'].size() > 0 && doc['${lon}'].size() > 0) { emit(doc['${lat}'].value, doc['${lon}'].value); }`,
    },
  };
}

const COMMON_MAPPING = {
  dynamic: true,
  date_detection: false,
  numeric_detection: false,
  dynamic_templates: DYNAMIC_TEMPLATES,
} satisfies estypes.MappingTypeMapping;

const SUMMARY: estypes.MappingProperty = {
  type: 'text',
  analyzer: TEXT_ANALYZER,
  fields: { keyword: { type: 'keyword', ignore_above: IGNORE_ABOVE } },
};

/** Mappings of the daily event indices. */
export const EVENT_MAPPINGS: estypes.MappingTypeMapping = {
  ...COMMON_MAPPING,
  properties: {
    id: keyword(),
    utctimestamp: timestamp(true),
    receivedtimestamp: timestamp(false),
    timestamp: timestamp(false),
    hostname: keyword(),
    processname: keyword(),
    processid: keyword(),
    severity: keyword(),
    summary: SUMMARY,
    category: keyword(),
    source: keyword(),
    tags: keyword(),
    type: keyword(),
    plugins: keyword(),
    details: { type: 'object', dynamic: true },
  },
  runtime: {
    'details.sourceipgeolocation.point': geoPoint('details.sourceipgeolocation'),
    'details.destinationipgeolocation.point': geoPoint('details.destinationipgeolocation'),
  },
};

/** Mappings of the monthly alert indices. */
export const ALERT_MAPPINGS: estypes.MappingTypeMapping = {
  ...COMMON_MAPPING,
  properties: {
    id: keyword(),
    utctimestamp: timestamp(true),
    severity: keyword(),
    summary: SUMMARY,
    category: keyword(),
    tags: keyword(),
    url: keyword(),
    details: { type: 'object', dynamic: true },
  },
};

/** What both index templates share besides mappings. */
export interface TemplateSettings {
  /** Primary shards per index. */
  shards: number;
  /** Replicas per index. */
  replicas: number;
}

/** The composable index template (`PUT _index_template/<name>`) of one index family. */
export function indexTemplate(
  name: string,
  prefix: string,
  mappings: estypes.MappingTypeMapping,
  settings: TemplateSettings,
  priority: number,
): estypes.IndicesPutIndexTemplateRequest {
  return {
    name,
    // Dated names only (`<prefix>-2024…`), so that another prefix starting with this one is not matched.
    index_patterns: [`${prefix}-1*`, `${prefix}-2*`],
    priority,
    _meta: { managed_by: '@vigil/core', description: 'Vigil ElasticsearchStore (docs/elasticsearch.md)' },
    template: {
      settings: {
        number_of_shards: settings.shards,
        number_of_replicas: settings.replicas,
        analysis: ANALYSIS,
      },
      mappings,
      aliases: { [prefix]: {} },
    },
  };
}
