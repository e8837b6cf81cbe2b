#!/usr/bin/env node
import { investigateMain } from './investigateMain';

investigateMain(process.argv.slice(2), { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`vigil-investigate: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
