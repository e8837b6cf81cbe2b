#!/usr/bin/env node
import { agentMain } from './agentMain';

const stopSignal = new Promise<void>((resolve) => {
  process.once('SIGINT', resolve);
  process.once('SIGTERM', resolve);
});
agentMain(process.argv.slice(2), { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), stopSignal }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`vigil-agent: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
