// Version comparison speed: dpkg and rpm comparators from @vigil/modules over generated version pairs,
// beside String.prototype.localeCompare and a plain `<` on the same pairs (the baselines).
import { compareDebianVersions, compareRpmEvr, compareRpmVersions } from '@vigil/modules';

let seed = 42;
function random(): number {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x80000000;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
const NUM = ['0', '1', '2', '9', '10', '01', '2015', '20151231', '3'];
const WORD = ['rc', 'beta', 'ubuntu', 'deb', 'dfsg', 'el', 'git', 'p'];

function version(): string {
  let s = (random() < 0.2 ? `${pick(['1', '2'])}:` : '') + pick(NUM);
  const n = 1 + Math.floor(random() * 4);
  for (let k = 0; k < n; k++) s += pick(['.', '.', '+', '~', '']) + (random() < 0.6 ? pick(NUM) : pick(WORD));
  if (random() < 0.7) s += `-${pick(NUM)}${random() < 0.5 ? pick(['ubuntu1', '+deb12u1', '.el9', '']) : ''}`;
  return s;
}

const PAIRS = 100_000;
const a: string[] = [];
const b: string[] = [];
for (let k = 0; k < PAIRS; k++) {
  const v = version();
  a.push(v);
  b.push(random() < 0.5 ? v.replace(/\d(?!.*\d)/, (d) => String((Number(d) + 1) % 10)) : version());
}

function measure(name: string, compare: (x: string, y: string) => number): number {
  let sink = 0;
  for (let k = 0; k < 20_000; k++) sink += compare(a[k] as string, b[k] as string); // warm-up
  const rounds = 5;
  const start = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) for (let k = 0; k < PAIRS; k++) sink += compare(a[k] as string, b[k] as string);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const perSecond = Math.round((rounds * PAIRS) / seconds);
  console.log(`${name.padEnd(28)} ${perSecond.toLocaleString('en-US').padStart(14)} comparisons/s  (checksum ${sink})`);
  return perSecond;
}

console.log(`version comparison over ${PAIRS.toLocaleString('en-US')} generated pairs, 5 rounds each`);
const debian = measure('compareDebianVersions', compareDebianVersions);
const rpm = measure('compareRpmVersions', compareRpmVersions);
const rpmEvr = measure('compareRpmEvr', compareRpmEvr);
const localeCompare = measure('baseline: localeCompare', (x, y) => x.localeCompare(y));
const lessThan = measure('baseline: a < b', (x, y) => (x < y ? -1 : x > y ? 1 : 0));
console.log(JSON.stringify({ bench: 'version', pairs: PAIRS, compareDebianVersionsPerSec: debian, compareRpmVersionsPerSec: rpm, compareRpmEvrPerSec: rpmEvr, baselineLocaleComparePerSec: localeCompare, baselineLessThanPerSec: lessThan }));
