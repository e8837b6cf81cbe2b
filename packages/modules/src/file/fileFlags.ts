import { AgentError } from '@vigil/agent-sdk';
import type { FlagSpec, ParsedFlags } from '@vigil/agent-sdk';
import { boolFlag, listFlag, numberFlag } from '../internal/flagValues';
import type { FileParams, FileSearch, FileSearchOptions } from './FileParams';

/** Flags of `vigil-investigate file`, as in MIG's `mig file`. */
export const fileFlags: readonly FlagSpec[] = [
  { name: 'path', kind: 'list', description: 'directory (or file) to search, e.g. -path /etc' },
  { name: 'name', kind: 'list', description: 'regex on the base name; !regex to negate, e.g. -name \\.sql$' },
  { name: 'content', kind: 'list', description: 'regex on each line of content; !regex to negate' },
  { name: 'size', kind: 'list', description: 'size bound: <10m smaller than, >1k larger than (k, m, g, t)' },
  { name: 'mode', kind: 'list', description: 'regex on the mode string, e.g. -mode ^-rwxr-xr-x$' },
  { name: 'mtime', kind: 'list', description: 'modified within (<2h) or before (>30d) a period (s, m, h, d)' },
  { name: 'md5', kind: 'list', description: 'md5 of the file' },
  { name: 'sha1', kind: 'list', description: 'sha1 of the file' },
  { name: 'sha256', kind: 'list', description: 'sha256 of the file' },
  { name: 'sha384', kind: 'list', description: 'sha384 of the file' },
  { name: 'sha512', kind: 'list', description: 'sha512 of the file' },
  { name: 'sha3_224', kind: 'list', description: 'sha3-224 of the file' },
  { name: 'sha3_256', kind: 'list', description: 'sha3-256 of the file' },
  { name: 'sha3_384', kind: 'list', description: 'sha3-384 of the file' },
  { name: 'sha3_512', kind: 'list', description: 'sha3-512 of the file' },
  { name: 'sha2', kind: 'list', description: 'sha2 of the file, kind chosen by length (MIG compatibility)' },
  { name: 'sha3', kind: 'list', description: 'sha3 of the file, kind chosen by length (MIG compatibility)' },
  { name: 'maxdepth', kind: 'number', description: 'directory levels to descend (default 1000)' },
  { name: 'maxerrors', kind: 'number', description: 'walk errors to report (default 30)' },
  { name: 'matchlimit', kind: 'number', description: 'stop after so many matching files (default 1000)' },
  { name: 'matchall', kind: 'boolean', description: 'every filter must match (default)' },
  { name: 'matchany', kind: 'boolean', description: 'any filter matching is enough' },
  { name: 'macroal', kind: 'boolean', description: 'all content regexes must match on the same line' },
  { name: 'mismatch', kind: 'list', description: 'invert a filter kind: name, size, mode, mtime, content, md5, …' },
  { name: 'returnsha256', kind: 'boolean', description: "add each matching file's sha256" },
  { name: 'decompress', kind: 'boolean', description: 'read gzip files decompressed' },
];

const BY_LENGTH: Record<string, Record<number, keyof FileSearch>> = {
  sha2: { 64: 'sha256', 96: 'sha384', 128: 'sha512' },
  sha3: { 56: 'sha3_224', 64: 'sha3_256', 96: 'sha3_384', 128: 'sha3_512' },
};

const LISTS = [
  ['name', 'names'], ['content', 'contents'], ['size', 'sizes'], ['mode', 'modes'], ['mtime', 'mtimes'],
  ['md5', 'md5'], ['sha1', 'sha1'], ['sha256', 'sha256'], ['sha384', 'sha384'], ['sha512', 'sha512'],
  ['sha3_224', 'sha3_224'], ['sha3_256', 'sha3_256'], ['sha3_384', 'sha3_384'], ['sha3_512', 'sha3_512'],
] as const;

/**
 * Turns `mig file`-style flags into one search labelled `s1`.
 * @throws AgentError `FLAGS_INVALID` when no -path is given or a -sha2/-sha3 hash has an unknown length.
 */
export function fileParamsFromFlags(flags: ParsedFlags): FileParams {
  const paths = listFlag(flags, 'path');
  if (paths.length === 0) throw new AgentError('FLAGS_INVALID', 'file: give at least one -path, e.g. -path /etc');
  const search: FileSearch = { paths };
  const lists = search as unknown as Record<string, string[]>;
  for (const [flag, key] of LISTS) {
    const values = listFlag(flags, flag);
    if (values.length > 0) lists[key] = values;
  }
  for (const family of ['sha2', 'sha3'] as const) {
    for (const hash of listFlag(flags, family)) {
      const key = BY_LENGTH[family]?.[hash.length];
      if (key === undefined) {
        throw new AgentError('FLAGS_INVALID', `file: -${family} ${hash} has an unknown length ${hash.length}`);
      }
      lists[key] = [...(lists[key] ?? []), hash];
    }
  }
  const options: FileSearchOptions = {};
  const maxdepth = numberFlag(flags, 'maxdepth');
  if (maxdepth !== undefined) options.maxdepth = maxdepth;
  const maxerrors = numberFlag(flags, 'maxerrors');
  if (maxerrors !== undefined) options.maxerrors = maxerrors;
  const matchlimit = numberFlag(flags, 'matchlimit');
  if (matchlimit !== undefined) options.matchlimit = matchlimit;
  if (boolFlag(flags, 'matchany')) options.matchany = true;
  if (boolFlag(flags, 'macroal')) options.macroal = true;
  if (boolFlag(flags, 'returnsha256')) options.returnsha256 = true;
  if (boolFlag(flags, 'decompress')) options.decompress = true;
  const mismatch = listFlag(flags, 'mismatch');
  if (mismatch.length > 0) options.mismatch = mismatch;
  if (Object.keys(options).length > 0) search.options = options;
  return { searches: { s1: search } };
}
