/** The outcome of checking one value: its normalized form, or why it is wrong and the fix. */
export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** A value that passed. */
export const ok = <T>(value: T): Checked<T> => ({ ok: true, value });

/** A value that failed: `reason` names the property and says what to do. */
export const bad = (reason: string): Checked<never> => ({ ok: false, reason });

/** A property that failed validation, as `check` reports it to the engine. */
export interface ValidationFailure {
  /**
   * The input property at fault, e.g. `categories`; empty when the fault is in a setting
   * (stack config or environment), which the reason then names.
   */
  readonly property: string;
  /** What is wrong and how to fix it. Never holds a secret, nor a setting's value. */
  readonly reason: string;
}

/** A map read from outside (JSON, YAML, engine properties): an object, not an array, not null. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `Object.hasOwn` semantics for property lookups: `__proto__` or `constructor` are just keys. */
export function own(record: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
