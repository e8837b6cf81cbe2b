/** Options of one file search (MIG's `options`). */
export interface FileSearchOptions {
  /** Directory levels to descend below each path; 0 inspects only the path's own entries. @default 1000 */
  maxdepth?: number;
  /** Every filter must match (the default). */
  matchall?: boolean;
  /** Any one filter matching is enough; overrides `matchall`. @default false */
  matchany?: boolean;
  /** All content regexes must match on the same line. @default false */
  macroal?: boolean;
  /** Filter kinds whose result is inverted: `name`, `size`, `mode`, `mtime`, `content`, or a hash kind. */
  mismatch?: string[];
  /** Stop this search after so many matching files. @default 1000 */
  matchlimit?: number;
  /** Stop reporting walk errors after so many. @default 30 */
  maxerrors?: number;
  /** Add each matching file's sha256 to its result. @default false */
  returnsha256?: boolean;
  /** Read gzip files (by magic bytes) decompressed for content regexes. @default false */
  decompress?: boolean;
}

/** One labelled search (MIG's `search`). Filters of each kind are lists. */
export interface FileSearch {
  /** Directories (or files) to search. */
  paths: string[];
  /** Regexes on the base name; prefix `!` to negate. */
  names?: string[];
  /** Regexes on each line of the content; prefix `!` to negate. */
  contents?: string[];
  /** Sizes such as `<10m` or `>1k`. */
  sizes?: string[];
  /** Regexes on the mode string (`-rwxr-xr-x`, with `u`/`g`/`t` prefixes for setuid/setgid/sticky as in MIG). */
  modes?: string[];
  /** Modification times: `<2h` changed within the last two hours, `>30d` not changed for thirty days. */
  mtimes?: string[];
  /** md5 digests (hex); the check holds when the file's digest is any of them. */
  md5?: string[];
  /** sha1 digests (hex). */
  sha1?: string[];
  /** sha256 digests (hex). */
  sha256?: string[];
  /** sha384 digests (hex). */
  sha384?: string[];
  /** sha512 digests (hex). */
  sha512?: string[];
  /** sha3-224 digests (hex). */
  sha3_224?: string[];
  /** sha3-256 digests (hex). */
  sha3_256?: string[];
  /** sha3-384 digests (hex). */
  sha3_384?: string[];
  /** sha3-512 digests (hex). */
  sha3_512?: string[];
  /** Search options. */
  options?: FileSearchOptions;
}

/** Parameters of the file module: searches by label. */
export interface FileParams {
  /** Searches keyed by a label that names them in the results. */
  searches: Record<string, FileSearch>;
}

/** The hash kinds the file module can check, with their Node crypto names. */
export const FILE_HASHES = {
  md5: 'md5',
  sha1: 'sha1',
  sha256: 'sha256',
  sha384: 'sha384',
  sha512: 'sha512',
  sha3_224: 'sha3-224',
  sha3_256: 'sha3-256',
  sha3_384: 'sha3-384',
  sha3_512: 'sha3-512',
} as const;

/** A hash kind accepted by the file module. */
export type FileHashKind = keyof typeof FILE_HASHES;

const stringList = { type: 'array', items: { type: 'string', minLength: 1 } } as const;

/** JSON Schema of {@link FileParams}. */
export const fileParamsSchema: Record<string, unknown> = {
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
        required: ['paths'],
        properties: {
          paths: { ...stringList, minItems: 1 },
          names: stringList,
          contents: stringList,
          sizes: { type: 'array', items: { type: 'string', pattern: '^[<>]\\d+(\\.\\d+)?[bkmgtBKMGT]?$' } },
          modes: stringList,
          mtimes: { type: 'array', items: { type: 'string', pattern: '^[<>]\\d+(\\.\\d+)?(ms|s|m|h|d)$' } },
          ...Object.fromEntries(
            Object.keys(FILE_HASHES).map((k) => [k, { type: 'array', items: { type: 'string', pattern: '^[0-9a-fA-F]+$' } }]),
          ),
          options: {
            type: 'object',
            additionalProperties: false,
            properties: {
              maxdepth: { type: 'integer', minimum: 0 },
              matchall: { type: 'boolean' },
              matchany: { type: 'boolean' },
              macroal: { type: 'boolean' },
              mismatch: {
                type: 'array',
                items: { enum: ['name', 'size', 'mode', 'mtime', 'content', ...Object.keys(FILE_HASHES)] },
              },
              matchlimit: { type: 'integer', minimum: 1 },
              maxerrors: { type: 'integer', minimum: 0 },
              returnsha256: { type: 'boolean' },
              decompress: { type: 'boolean' },
            },
          },
        },
      },
    },
  },
};
