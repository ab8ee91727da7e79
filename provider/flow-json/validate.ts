import { endpointProblems, FlowJsonContext } from "./endpoint-rules";
import { MAX_FLOW_JSON_PROBLEMS } from "./limits";
import { navigationProblems } from "./navigation-rules";
import { documentOrder } from "./order";
import { FlowJsonProblem } from "./problem";
import { schemaProblems } from "./schema-check";
import { screenProblems } from "./screen-rules";
import { PointerLocator } from "./text-positions";

/**
 * Every problem of a Flow JSON at once (never only the first): the schema's, then the rules a schema cannot say.
 * Sorted by position when `text` is given (each problem then has its line and column), else by pointer in written
 * order. Positions are found only when there are problems, so a clean file costs the schema pass and the rules'
 * walk. `value` should come from {@link parseFlowJson} (plain JSON, nesting bounded).
 */
export function validateFlowJson(
  value: Record<string, unknown>,
  context: FlowJsonContext,
  text?: string,
): FlowJsonProblem[] {
  const problems = [
    ...schemaProblems(value),
    ...screenProblems(value),
    ...navigationProblems(value),
    ...endpointProblems(value, context),
  ];
  if (problems.length === 0) return problems;
  const byPointer = documentOrder(value);
  let placed: FlowJsonProblem[] = problems;
  if (text !== undefined) {
    const locator = new PointerLocator(text);
    placed = problems.map((problem) => ({ ...problem, ...locator.locate(problem.pointer) }));
  }
  placed.sort(
    (a, b) =>
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      byPointer(a.pointer, b.pointer) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
  if (placed.length <= MAX_FLOW_JSON_PROBLEMS) return placed;
  const more = placed.length - MAX_FLOW_JSON_PROBLEMS;
  return [
    ...placed.slice(0, MAX_FLOW_JSON_PROBLEMS),
    { pointer: "", message: `and ${more} more problem${more === 1 ? "" : "s"}: fix these first.` },
  ];
}
