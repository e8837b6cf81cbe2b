/** A limit an aggregate must pass: greater than `threshold`, or at least it when `inclusive`. */
export interface Limit {
  readonly threshold: number;
  readonly inclusive: boolean;
}

/**
 * The limit written as `gt` or `gte` (exactly one of them, a number), as Sigma correlation conditions and YAML
 * rules write it; `undefined` when neither or both are given, or the one given is not a number.
 */
export function oneLimit(gt: unknown, gte: unknown): Limit | undefined {
  if (typeof gte === 'number' && gt === undefined) return { threshold: gte, inclusive: true };
  if (typeof gt === 'number' && gte === undefined) return { threshold: gt, inclusive: false };
  return undefined;
}
