import type { VigilEvent } from '@vigil/core';

/** Longest string a parser will try; longer inputs are left as they are (and tagged). */
export const MAX_PARSE_LENGTH = 65_536;

export type Details = Record<string, unknown>;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The event's details, replaced by an empty object (keeping the odd value) when not an object. */
export function detailsOf(event: VigilEvent): Details {
  const details: unknown = event.details;
  if (isRecord(details)) return details;
  const fresh: Details = details === undefined || details === null ? {} : { invaliddetails: details };
  event.details = fresh;
  return fresh;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A string, or a finite number as text. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** A non-negative integer from a number or numeric text. */
const DIGITS = /^\d+$/;

export function int(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value === 'string' && value.length > 0 && value.length < 16 && DIGITS.test(value)) return Number(value);
  return undefined;
}

export function num(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.length > 0 && value.length < 32) {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export function lower(value: unknown): string {
  return typeof value === 'string' ? value.toLowerCase() : '';
}

/** Adds a tag once; repairs a non-array `tags`. */
export function addTag(event: VigilEvent, tag: string): void {
  let tags: unknown = event.tags;
  if (!Array.isArray(tags)) {
    tags = [];
    event.tags = tags as string[];
  }
  const list = tags as unknown[];
  if (!list.includes(tag)) list.push(tag);
}

/** Records that a plugin changed the event. */
export function markPlugin(event: VigilEvent, name: string): void {
  const plugins: unknown = event.plugins;
  if (Array.isArray(plugins)) {
    if (!plugins.includes(name)) plugins.push(name);
  } else {
    event.plugins = [name];
  }
}

/** Tags an event the plugin recognised but could not parse. */
export function markParseFailed(event: VigilEvent, short: string): void {
  addTag(event, `vigil:parse-failed:${short}`);
}

/** Sets a details field only when it is not already set. */
export function setIfAbsent(details: Details, key: string, value: unknown): void {
  if (value === undefined) return;
  if (details[key] === undefined || details[key] === null || details[key] === '') details[key] = value;
}

/** Reads a dotted path through nested objects; also accepts a literal dotted key at any level. */
export function getPath(root: unknown, path: string): unknown {
  if (!isRecord(root)) return undefined;
  if (Object.hasOwn(root, path)) return root[path];
  const dot = path.indexOf('.');
  if (dot < 0) return undefined;
  const head = path.slice(0, dot);
  if (!Object.hasOwn(root, head)) return undefined;
  return getPath(root[head], path.slice(dot + 1));
}

/** Splits a dotted path once (callers cache the result). */
export function splitPath(path: string): string[] {
  return path.split('.');
}

const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

/** Writes a value at a pre-split path, creating objects on the way; refuses prototype keys. */
export function setPathParts(root: Record<string, unknown>, parts: readonly string[], value: unknown): boolean {
  let node: Record<string, unknown> = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const key = parts[i] as string;
    if (FORBIDDEN.has(key)) return false;
    let next = node[key];
    if (!isRecord(next)) {
      next = {};
      node[key] = next;
    }
    node = next as Record<string, unknown>;
  }
  const last = parts[parts.length - 1] as string;
  if (FORBIDDEN.has(last)) return false;
  node[last] = value;
  return true;
}

/** Reads a value at a pre-split path (own properties only). */
export function getPathParts(root: unknown, parts: readonly string[]): unknown {
  let node: unknown = root;
  for (const key of parts) {
    if (!isRecord(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

/** Deletes a value at a pre-split path; true when something was removed. */
export function deletePathParts(root: unknown, parts: readonly string[]): boolean {
  let node: unknown = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const key = parts[i] as string;
    if (!isRecord(node) || !Object.hasOwn(node, key)) return false;
    node = node[key];
  }
  const last = parts[parts.length - 1] as string;
  if (!isRecord(node) || !Object.hasOwn(node, last)) return false;
  delete node[last];
  return true;
}

/** True when a top-level text field holds nothing useful: missing, empty, or core's `unknown` placeholder. */
export function isBlank(value: unknown): boolean {
  return typeof value !== 'string' || value === '' || value === 'unknown';
}
