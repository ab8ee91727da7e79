/** The nine flow categories Kaleyra documents for Update Flow Metadata, in its order. */
export const FLOW_CATEGORIES = [
  "SIGN_UP",
  "SIGN_IN",
  "APPOINTMENT_BOOKING",
  "LEAD_GENERATION",
  "SHOPPING",
  "CONTACT_US",
  "CUSTOMER_SUPPORT",
  "SURVEY",
  "OTHER",
] as const;

/** One of {@link FLOW_CATEGORIES}. */
export type FlowCategory = (typeof FLOW_CATEGORIES)[number];

/** True when `value` is one of the nine documented categories, spelled exactly. */
export function isFlowCategory(value: unknown): value is FlowCategory {
  return typeof value === "string" && (FLOW_CATEGORIES as readonly string[]).includes(value);
}

/**
 * Categories with repeats dropped, in the order given. Order is kept (not sorted) so that a
 * preview shows a changed category in place rather than every later one shifting.
 */
export function uniqueCategories(categories: readonly string[]): string[] {
  return [...new Set(categories)];
}

/** True when two category lists hold the same categories: order and repeats do not matter. */
export function sameCategories(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((c) => right.has(c));
}

/** The nearest of `choices` to `value` (case, separators and typos forgiven), if close enough. */
export function closest(value: string, choices: readonly string[]): string | undefined {
  const squash = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, "");
  const target = squash(value);
  let best: { choice: string; distance: number } | undefined;
  for (const choice of choices) {
    const candidate = squash(choice);
    const distance = candidate === target ? 0 : levenshtein(target, candidate);
    if (!best || distance < best.distance) best = { choice, distance };
  }
  if (!best) return undefined;
  return best.distance <= Math.max(2, Math.floor(target.length / 3)) ? best.choice : undefined;
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
