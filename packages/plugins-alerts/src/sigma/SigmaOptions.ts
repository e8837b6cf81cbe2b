/** Which Sigma `logsource` a mapping applies to: every attribute given must equal the rule's. */
export interface SigmaLogsource {
  product?: string;
  service?: string;
  category?: string;
}

/** Maps Sigma fields of a logsource to Vigil event fields, and says which events belong to that logsource. */
export interface SigmaFieldMapping {
  /** Applies to rules whose logsource has these attributes. @default every rule */
  logsource?: SigmaLogsource;
  /** Sigma field → Vigil path, e.g. `CommandLine: details.cmdline`. */
  fields?: Readonly<Record<string, string>>;
  /** Query (Vigil's language) every event of this logsource satisfies, ANDed to the rule, e.g. `category:auditd`. */
  condition?: string;
}

/** Options for compiling Sigma rules. */
export interface SigmaOptions {
  /** Field mappings, applied in order (later ones win). @default DEFAULT_SIGMA_MAPPINGS */
  mappings?: readonly SigmaFieldMapping[];
  /** Values of `expand` placeholders: `%admins%` → a list. @default {} */
  placeholders?: Readonly<Record<string, readonly string[]>>;
  /** Where keyword lists are searched (substring, case-insensitive). @default ['summary'] */
  keywordFields?: readonly string[];
  /** Unmapped fields: `'details'` reads `details.<Field>`; `'error'` refuses the rule at load time. @default 'details' */
  unmappedFields?: 'details' | 'error';
}
