import type { Severity, VigilEvent } from '@vigil/core';
import type { Limit } from '../internal/oneLimit';
import type { SigmaLogsource } from './SigmaOptions';

/** A Sigma detection rule compiled once into a predicate. */
export interface CompiledSigmaRule {
  readonly kind: 'rule';
  /** The rule's `id` (its title when it has none). */
  readonly id: string;
  /** The rule's `title`. */
  readonly title: string;
  /** The rule's `name` (how correlation rules may refer to it), if any. */
  readonly name?: string;
  /** Sigma level (`informational` … `critical`). */
  readonly level?: string;
  /** The level as an RFC 5424 severity. */
  readonly severity: Severity;
  /** The rule's tags (ATT&CK ids…). */
  readonly tags: readonly string[];
  /** The rule's logsource. */
  readonly logsource: SigmaLogsource;
  /** Does the event match (logsource condition and detection)? */
  test(event: VigilEvent): boolean;
  /** The logsource condition (Vigil query text from the mappings; '' when none). Rules sharing it are checked together. */
  readonly sourceCondition: string;
  /** The logsource condition as a predicate. */
  source(event: VigilEvent): boolean;
  /** The detection alone, without the logsource condition. */
  detect(event: VigilEvent): boolean;
  /** Vigil path of a Sigma field under this rule's mapping (for correlation group-by). */
  fieldPath(field: string): string;
}

/** A Sigma correlation rule, resolved against the rules it refers to. */
export interface CompiledSigmaCorrelation {
  readonly kind: 'correlation';
  readonly id: string;
  readonly title: string;
  readonly name?: string;
  readonly level?: string;
  readonly severity: Severity;
  readonly tags: readonly string[];
  /** `event_count`, `value_count`, `value_sum`, `value_avg`, `temporal` or `temporal_ordered`. */
  readonly type: 'event_count' | 'value_count' | 'value_sum' | 'value_avg' | 'temporal' | 'temporal_ordered';
  /** Referenced rules, in the given order. */
  readonly rules: readonly CompiledSigmaRule[];
  /**
   * The group-by fields: Vigil paths, or aliases (the correlation's `aliases`) that name a field per referenced
   * rule, read from each event with the path of the rule it matched.
   */
  readonly groupBy: ReadonlyArray<string | SigmaFieldAlias>;
  /** The timespan, ms. */
  readonly windowMs: number;
  /** Events (event_count) or distinct values (value_count) needed; unused by temporal types. */
  readonly count: number;
  /** Field counted by value_count, or summed or averaged by value_sum and value_avg (Vigil path). */
  readonly field?: string;
  /** The limit of value_sum and value_avg: passed when the aggregate is > `threshold` (≥ when `inclusive`). */
  readonly limit?: Limit;
  /** Whether referenced rules also raise their own alerts. */
  readonly generate: boolean;
}

/** A Sigma correlation's field alias: the Vigil path it stands for in the events of each referenced rule. */
export interface SigmaFieldAlias {
  readonly alias: string;
  readonly paths: ReadonlyMap<CompiledSigmaRule, string>;
}

/** Rules and correlations loaded from Sigma YAML. */
export interface SigmaRuleSet {
  readonly rules: readonly CompiledSigmaRule[];
  readonly correlations: readonly CompiledSigmaCorrelation[];
}
