/** A `${key}` variable expanded in object paths and names. */
export interface ScribeVariable {
  readonly key: string;
  readonly value: string;
}

/** Installed package(s) by exact name (`name` or `name:arch`), or every package matching `collectmatch`. */
export interface ScribePackageSource {
  readonly name?: string;
  readonly collectmatch?: string;
  readonly onlynewest?: boolean;
}

/** Capture groups of `expression` on each line of files named like `file` (regex) under `path`. */
export interface ScribeFileContentSource {
  readonly path?: string;
  readonly file?: string;
  readonly expression?: string;
  /** Joins all values of one file with this separator. */
  readonly concat?: string;
  /** Objects evaluated for each matched file, with `${chain_root}` set to its directory. */
  readonly 'import-chain'?: readonly string[];
}

/** First capture group of `file` (regex) on the names of files under `path`. */
export interface ScribeFileNameSource {
  readonly path?: string;
  readonly file?: string;
}

/** Values written in the policy itself. */
export interface ScribeRawSource {
  readonly identifiers?: ReadonlyArray<{ readonly identifier?: string; readonly value?: string }>;
}

/** `true`/`false` per file named like `file` under `path`: does a line match `expression`. */
export interface ScribeHasLineSource {
  readonly path?: string;
  readonly file?: string;
  readonly expression?: string;
}

/** An object: data taken from the host (or the policy) that tests examine. The first non-empty source counts. */
export interface ScribeObject {
  readonly object: string;
  readonly package?: ScribePackageSource;
  readonly filecontent?: ScribeFileContentSource;
  readonly filename?: ScribeFileNameSource;
  readonly raw?: ScribeRawSource;
  readonly hasline?: ScribeHasLineSource;
}

/** A test: criteria applied to every value of its object; true when any value passes and all `if` tests are true. */
export interface ScribeTest {
  readonly test: string;
  readonly name?: string;
  readonly object: string;
  readonly description?: string;
  /** Version comparison: installed `operation` value (`<`, `<=`, `=`, `>=`, `>`, or lt/le/eq/ge/gt). */
  readonly evr?: { readonly operation?: string; readonly value?: string };
  readonly regexp?: { readonly value?: string };
  readonly exactmatch?: { readonly value?: string };
  readonly tags?: ReadonlyArray<{ readonly key?: string; readonly value?: string }>;
  /** Tests that must be true for this one to be true. */
  readonly if?: readonly string[];
}

/** A scribe policy document (Mozilla scribe's JSON format). */
export interface ScribeDocument {
  readonly variables?: readonly ScribeVariable[];
  readonly objects: readonly ScribeObject[];
  readonly tests: readonly ScribeTest[];
}

/** Result of one test, in scribe's shape. */
export interface ScribeTestResult {
  /** Test identifier. */
  testid: string;
  /** Optional display name. */
  name: string;
  /** Description from the policy. */
  description: string;
  /** Tags from the policy. */
  tags: Array<{ key: string; value: string }>;
  /** True when the test could not be evaluated. */
  iserror: boolean;
  /** Why, when `iserror`. */
  error: string;
  /** The test's result: some value passed and every dependency is true. */
  masterresult: boolean;
  /** Some value passed (even if a dependency is false). */
  hastrueresults: boolean;
  /** One result per value of the object: which identifier (package, file) and whether it passed. */
  results: Array<{ result: boolean; identifier: string; value: string }>;
}
