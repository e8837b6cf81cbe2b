/** Package systems the pkg module reads. */
export type PackageSystem = 'dpkg' | 'rpm';

/** One installed package. */
export interface InstalledPackage {
  /** Package name, without architecture qualifier. */
  readonly name: string;
  /** Version as the package system writes it (`[epoch:]version[-revision]`). */
  readonly version: string;
  /** Architecture (`amd64`, `all`, `x86_64`, `noarch`…), `''` when unknown. */
  readonly arch: string;
  /** Which database it came from; decides the version comparator. */
  readonly system: PackageSystem;
}
