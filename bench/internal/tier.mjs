// Starts one Vigil tier as its own process: node tier.mjs <role> <dataDir> <queue> <framing>
// Prints "url <address>" once listening; SIGTERM drains and exits.
import { startVigil, tuneRuntime } from '@vigil/core';

// The V8 tuning `vigil serve` starts with (the young generation comes from bench/run.mjs's NODE_OPTIONS).
tuneRuntime();

const [role, dataDir, queue, framing] = process.argv.slice(2);
const vigil = await startVigil(
  {
    role,
    server: { port: 0 },
    store: { dataDir },
    amqp: { url: 'amqp://guest:guest@127.0.0.1:5672', exchange: queue, queue, routingKey: queue, framing, prefetch: 500 },
  },
  { catalogs: [] },
);
process.stdout.write(`url ${vigil.url}\n`);
process.on('SIGTERM', () => {
  vigil.shutdown().then(() => process.exit(0));
});
