// A worker process for the crash test: RabbitMQ → pipeline → SQLite, printing its counters.
// Usage: node worker.mjs <dataDir> <queue> <amqpUrl>
import { createVigilCore } from '../dist/index.js';

const [dataDir, queue, url] = process.argv.slice(2);
const core = await createVigilCore(
  { role: 'worker', store: { dataDir }, amqp: { url, exchange: queue, queue, routingKey: queue, prefetch: 200 } },
  { catalogs: [] },
);
const stats = () => JSON.stringify(core.sources[0].stats());
process.stdout.write(`ready ${stats()}\n`);
const timer = setInterval(() => process.stdout.write(`stats ${stats()}\n`), 100);
process.on('SIGTERM', () => {
  clearInterval(timer);
  core.shutdown().then(() => {
    process.stdout.write(`final ${stats()}\n`);
    process.exit(0);
  });
});
