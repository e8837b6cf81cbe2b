// `npm start -- [--post <url>] [--level <level>]...`: runs the baseline compliance pack over two planted demo
// hosts, prints pass/fail per check and host and a per-level summary, and posts the items to a Vigil pipeline.
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ComplianceLevel } from '@vigil/agent-sdk';
import { COMPLIANCE_LEVELS } from '@vigil/modules';
import { plantDemoHosts } from './plantHosts';
import { runCompliance } from './runCompliance';

const { values } = parseArgs({
  options: {
    post: { type: 'string' },
    level: { type: 'string', multiple: true },
  },
});
const levels = (values.level ?? []) as ComplianceLevel[];
for (const l of levels) {
  if (!COMPLIANCE_LEVELS.includes(l)) {
    console.error(`--level must be one of ${COMPLIANCE_LEVELS.join(', ')}`);
    process.exit(2);
  }
}

const { base, roots } = plantDemoHosts();
try {
  const result = await runCompliance({ hosts: roots, ...(levels.length > 0 ? { levels } : {}), ...(values.post ? { post: values.post } : {}) });
  for (const line of result.lines) console.log(line);
  if (!values.post) console.log('\n(no --post <url> given: items were not sent; try --post http://127.0.0.1:8080/events with `vigil serve` running)');
} finally {
  rmSync(base, { recursive: true, force: true });
}
