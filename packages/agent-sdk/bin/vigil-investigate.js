#!/usr/bin/env node
// The `vigil-investigate` command; committed (not built) so that `npm ci` links it before anything is built.
import '../dist/vigil-investigate.js';
