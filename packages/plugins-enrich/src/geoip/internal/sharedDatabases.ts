// Databases by kind and resolved path(s). A city database is ~134 MB held in a Buffer: instances must not each read
// their own copy (the test suite builds the default preset many times in one process, a configuration may name
// geoip twice). Entries are weak: a database lives while some instance holds it, then it is garbage like any
// other object, and the next instance that needs it reads the file again.
const open = new Map<string, WeakRef<object>>();
const loads = new Map<string, number>();
const forget = new FinalizationRegistry<string>((key) => {
  if (open.get(key)?.deref() === undefined) open.delete(key);
});

/** The database under `key`: the one some instance already holds, or a new one from `load`. */
export function sharedDatabase<T extends object>(key: string, load: () => T): T {
  const held = open.get(key)?.deref();
  if (held !== undefined) return held as T;
  const value = load();
  loads.set(key, (loads.get(key) ?? 0) + 1);
  open.set(key, new WeakRef(value));
  forget.register(value, key);
  return value;
}

/** The databases held now, each with how many times this process has loaded it (for tests and diagnostics). */
export function openDatabases(): Map<string, number> {
  return new Map([...open].filter(([, ref]) => ref.deref() !== undefined).map(([key]) => [key, loads.get(key) ?? 0]));
}
