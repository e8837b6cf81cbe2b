#!/usr/bin/env node
import { tuneRuntime } from '../app/tuneRuntime';
import { createProgram } from './createProgram';

tuneRuntime();
createProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(`vigil: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
