/**
 * Small helpers for validating JSON input with messages that point at the bad entry. Used
 * by fault rules and the other options, and by the seed's schema errors, so every message
 * has the same shape: `<source>: <path>: <problem>`.
 */
import { SeedError } from "./errors";

/** A plain JSON object (not null, not an array). */
export type JsonObject = Record<string, unknown>;

/** True for a plain JSON object. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A short, readable rendering of a value for an error message. */
export function show(value: unknown): string {
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return value.length === 0 ? "[]" : clip(JSON.stringify(value));
  if (typeof value === "object" && value !== null) return "an object";
  return clip(JSON.stringify(value) ?? String(value));
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** `accounts` + `sid` → `accounts.sid`; the root path is empty. */
export function field(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** `flows` + 2 → `flows[2]`. */
export function item(path: string, index: number): string {
  return `${path}[${index}]`;
}

/** Throws {@link SeedError}s for one input, all prefixed with where it came from. */
export class Checker {
  constructor(readonly source: string) {}

  /** Throws: `<source>: <path>: <problem>`. */
  fail(path: string, problem: string): never {
    throw new SeedError(this.source, path, problem);
  }

  /** Asserts a plain object. */
  object(value: unknown, path: string, what: string): JsonObject {
    if (!isObject(value)) this.fail(path, `must be ${what}, got ${show(value)}`);
    return value;
  }

  /**
   * Refuses keys outside `allowed`: a typo such as `endpointUri` would otherwise be
   * silently ignored and the flow seeded without its endpoint.
   */
  knownKeys(value: JsonObject, path: string, allowed: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.fail(field(path, key), unknownField(key, allowed));
    }
  }
}

/** The problem of a key outside `allowed`, with the key it most likely meant. */
export function unknownField(key: string, allowed: readonly string[]): string {
  // Case, separators and a plural "s" forgiven: endpointUri, api_key, account.
  const squash = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]/g, "")
      .replace(/s$/, "");
  const hint = allowed.find((a) => squash(a) === squash(key));
  return hint ? `unknown field; did you mean "${hint}"?` : `unknown field (expected ${allowed.join(", ")})`;
}
