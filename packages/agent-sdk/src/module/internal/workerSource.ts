// The code every module worker thread runs, evaluated as a CommonJS script (`new Worker(src, { eval: true })`)
// so that the same text works from the sources and from the bundle. Bare specifiers resolve from the working directory.
export const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
const loaded = new Map();
const toUrl = (s) => (s.startsWith('/') ? pathToFileURL(s).href : s);
let ready = (async () => { for (const p of workerData.preload) await import(toUrl(p)); })();
const describe = (e) => (e instanceof Error ? e.message : String(e));
async function load(task) {
  const key = task.specifier + '#' + task.exportName + '#' + task.name;
  if (loaded.has(key)) return loaded.get(key);
  const ns = await import(toUrl(task.specifier));
  const exported = ns[task.exportName];
  const list = Array.isArray(exported) ? exported : [exported];
  const found = list.find((m) => m && typeof m === 'object' && m.name === task.name && typeof m.run === 'function');
  if (!found) throw new Error('"' + task.specifier + '" export "' + task.exportName + '" has no module named "' + task.name + '"');
  loaded.set(key, found);
  return found;
}
function logger(name) {
  const send = (level) => (message, fields) => parentPort.postMessage({ type: 'log', level, module: name, message: String(message), fields: fields === undefined ? undefined : JSON.parse(JSON.stringify(fields)) });
  return { debug: send('debug'), info: send('info'), warn: send('warn') };
}
parentPort.on('message', async (task) => {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('deadline passed')), Math.max(0, task.deadline - Date.now()));
  try {
    await ready;
    const module = await load(task);
    const result = await module.run(task.params, { signal: controller.signal, deadline: task.deadline, logger: logger(task.name) });
    try {
      parentPort.postMessage({ type: 'result', id: task.id, result });
    } catch (e) {
      parentPort.postMessage({ type: 'failed', id: task.id, message: 'result cannot be sent: ' + describe(e) });
    }
  } catch (e) {
    parentPort.postMessage({ type: 'failed', id: task.id, message: describe(e) });
  } finally {
    clearTimeout(timer);
  }
});
`;
