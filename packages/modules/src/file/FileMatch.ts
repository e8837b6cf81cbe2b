/** One file that matched a search: metadata only, never content. */
export interface FileMatch {
  /** Full path as walked. */
  file: string;
  /** Size in bytes. */
  size: number;
  /** Mode string, e.g. `-rw-r--r--`. */
  mode: string;
  /** Last modification, ISO 8601. */
  mtime: string;
  /** sha256 of the bytes on disk, when `returnsha256` was set. */
  sha256?: string;
}

/** Counters of one file-module run. */
export interface FileStatistics {
  /** Files considered. */
  filescount: number;
  /** Directories read. */
  dirscount: number;
  /** Files or directories that could not be read. */
  openfailed: number;
  /** Matches over all searches. */
  totalhits: number;
  /** Bytes read from file contents. */
  bytesread: number;
  /** Wall time of the run in milliseconds. */
  exectimeMs: number;
}

/** Matches by search label. */
export type FileElements = Record<string, FileMatch[]>;
