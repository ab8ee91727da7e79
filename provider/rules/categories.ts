import { closest, FLOW_CATEGORIES, isFlowCategory, uniqueCategories } from "../categories";
import { show } from "../text/quote";
import { bad, Checked, ok } from "./checked";
import { isUnknown } from "./unknown";

/**
 * Categories: a non-empty list of the nine documented values; order and repeats do not
 * matter (repeats are dropped, order kept). Items not known yet at preview pass through,
 * the others are still checked.
 */
export function checkCategories(value: unknown): Checked<string[]> {
  if (!Array.isArray(value)) return bad(`categories must be a list of categories, got ${show(value)}. For example: categories: ["SIGN_UP"].`);
  if (value.length === 0) {
    return bad(`categories is empty: Kaleyra needs at least one. Choose from ${FLOW_CATEGORIES.join(", ")}, or leave categories out to stop managing them.`);
  }
  const problems: string[] = [];
  for (const category of value) {
    if (isUnknown(category) || isFlowCategory(category)) continue;
    problems.push(categoryProblem(category));
  }
  if (problems.length > 0) return bad(`categories: ${problems.join("; ")}. The categories are ${FLOW_CATEGORIES.join(", ")}.`);
  return ok(value.some(isUnknown) ? [...(value as string[])] : uniqueCategories(value as string[]));
}

/** Why one item is not a category, with the nearest category if there is one. */
export function categoryProblem(category: unknown): string {
  const suggestion = typeof category === "string" ? closest(category, FLOW_CATEGORIES) : undefined;
  return `${show(category)} is not a Kaleyra flow category${suggestion ? ` (did you mean ${suggestion}?)` : ""}`;
}
