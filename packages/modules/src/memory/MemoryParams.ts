/** Options of one memory search. */
export interface MemorySearchOptions {
  /** Bytes of each process's readable memory (regions in address order) to skip before scanning. @default 0 */
  offset?: number;
  /** Bytes to scan per process after `offset`. @default unlimited */
  maxlength?: number;
  /** A process matches when any pattern is found (instead of all). @default false */
  matchany?: boolean;
  /** Matches reported per process. @default 10 */
  matchlimit?: number;
  /** Matches reported for the whole search. @default 1000 */
  totalmatchlimit?: number;
  /** Regions larger than this many bytes are skipped (and counted). @default 536870912 (512 MiB) */
  maxregionsize?: number;
}

/** One labelled memory search. Processes are chosen by `names` and/or `pids`; both given means both must hold. */
export interface MemorySearch {
  /** Regexes on the process name (/proc/<pid>/comm) or its command line. */
  names?: string[];
  /** Process ids. */
  pids?: number[];
  /** Regexes on memory, read as latin1 (one character per byte). */
  contents?: string[];
  /** Byte strings in hex, e.g. `deadbeef`. */
  bytes?: string[];
  /** Search options. */
  options?: MemorySearchOptions;
}

/** Parameters of the memory module: searches by label. */
export interface MemoryParams {
  /** Searches keyed by a label that names them in the results. */
  searches: Record<string, MemorySearch>;
}

/** JSON Schema of {@link MemoryParams}. */
export const memoryParamsSchema: Record<string, unknown> = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  required: ['searches'],
  properties: {
    searches: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^[A-Za-z0-9_.:-]{1,64}$' },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        anyOf: [{ required: ['names'] }, { required: ['pids'] }],
        properties: {
          names: { type: 'array', items: { type: 'string', minLength: 1 } },
          pids: { type: 'array', items: { type: 'integer', minimum: 1 } },
          contents: { type: 'array', items: { type: 'string', minLength: 1 } },
          bytes: { type: 'array', items: { type: 'string', pattern: '^([0-9a-fA-F]{2})+$' } },
          options: {
            type: 'object',
            additionalProperties: false,
            properties: {
              offset: { type: 'integer', minimum: 0 },
              maxlength: { type: 'integer', minimum: 1 },
              matchany: { type: 'boolean' },
              matchlimit: { type: 'integer', minimum: 1 },
              totalmatchlimit: { type: 'integer', minimum: 1 },
              maxregionsize: { type: 'integer', minimum: 1 },
            },
          },
        },
      },
    },
  },
};

/** Where a pattern was found. */
export interface MemoryHit {
  /** The pattern as given (`contents` regex or `bytes` hex). */
  pattern: string;
  /** Virtual address of the match, hex with `0x`. */
  address: string;
  /** The mapping's path or pseudo-name (`[heap]`, `[stack]`), empty for anonymous memory. */
  region: string;
}

/** A process that matched a search. */
export interface MemoryProcessMatch {
  /** Process id. */
  pid: number;
  /** /proc/<pid>/comm. */
  name: string;
  /** Command line, arguments joined by spaces. */
  cmdline: string;
  /** Where the patterns were found (capped by `matchlimit`). */
  hits: MemoryHit[];
}

/** Matching processes by search label. */
export type MemoryElements = Record<string, MemoryProcessMatch[]>;

/** Counters of a memory run. */
export interface MemoryStatistics {
  /** Processes whose memory was scanned. */
  processes: number;
  /** Regions scanned. */
  regions: number;
  /** Regions skipped for exceeding `maxregionsize`. */
  regionsSkipped: number;
  /** Regions that could not be read. */
  regionsFailed: number;
  /** Bytes scanned. */
  bytes: number;
  /** Hits over all searches. */
  totalhits: number;
  /** Wall time in milliseconds. */
  exectimeMs: number;
}
