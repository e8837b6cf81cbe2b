/** One file of an archive. */
export interface ArchiveFile {
  /** File name inside the archive directory. */
  name: string;
  /** Events in the file. */
  events: number;
  /** Size on disk in bytes (compressed). */
  bytes: number;
  /** SHA-256 of the file as written, hex. */
  sha256: string;
  /** Time of the first and last event in the file. */
  firstTimestamp: string;
  lastTimestamp: string;
}

/** `manifest.json` of an archive: what it holds and how to check it. */
export interface ArchiveManifest {
  /** Format version. */
  version: 1;
  /** What made it. */
  producer: string;
  /** When it was made, UTC ISO-8601. */
  createdAt: string;
  /** The time range archived (inclusive) and the query, if any. */
  range: { from: string; to: string; query?: string };
  /** Events in all files. */
  totalEvents: number;
  /** The files, in time order. */
  files: ArchiveFile[];
}
