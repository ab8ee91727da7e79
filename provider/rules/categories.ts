import { closest } from "../text/closest";
import { show } from "../text/quote";
import { bad, Checked, ok } from "./checked";
import { isUnknown } from "./unknown";

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
export function uniqueCategories<T extends string>(categories: readonly T[]): T[] {
  return [...new Set(categories)];
}

/** True when two category lists hold the same categories: order and repeats do not matter. */
export function sameCategories(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((c) => right.has(c));
}

/**
 * Categories: a non-empty list of the nine documented values; order and repeats do not
 * matter (repeats are dropped, order kept). Items not known yet at preview pass through,
 * the others are still checked.
 */
export function checkCategories(value: unknown): Checked<string[]> {
  if (!Array.isArray(value)) {
    return bad(`categories must be a list of categories, got ${show(value)}. For example: categories: ["SIGN_UP"].`);
  }
  if (value.length === 0) {
    return bad(
      `categories is empty: Kaleyra needs at least one. Choose from ${FLOW_CATEGORIES.join(", ")}, ` +
        "or leave categories out to stop managing them.",
    );
  }
  const items: string[] = [];
  const problems: string[] = [];
  for (const category of value) {
    if (isUnknown(category) || isFlowCategory(category)) items.push(category);
    else problems.push(categoryProblem(category));
  }
  if (problems.length > 0) {
    return bad(`categories: ${problems.join("; ")}. The categories are ${FLOW_CATEGORIES.join(", ")}.`);
  }
  return ok(items.some(isUnknown) ? items : uniqueCategories(items));
}

/** Why one item is not a category, with the nearest category if there is one. */
export function categoryProblem(category: unknown): string {
  const suggestion = typeof category === "string" ? closest(category, FLOW_CATEGORIES) : undefined;
  return `${show(category)} is not a Kaleyra flow category${suggestion ? ` (did you mean ${suggestion}?)` : ""}`;
}
