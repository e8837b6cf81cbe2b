#!/usr/bin/env -S node --max-semi-space-size=64
// The `vigil` command. This file is committed (not built) so that `npm ci` links it before anything is built.
// The young generation (64 MiB semi-spaces instead of V8's 16) is a start-up flag, so it lives on the line above:
// a batch's events then die young instead of being copied and promoted (docs/architecture.md, "Batches and memory").
import '../dist/cli/vigil.js';
