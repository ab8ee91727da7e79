import { isRecord, own } from "../rules/checked";
import { childPointer, FlowJsonProblem, problemAt, quoted, showPointer } from "./problem";

/**
 * Rules about the screens as a set, which a schema cannot say: ids are unique, and the flow can end somewhere.
 */

/** The screens of a Flow JSON, or none when `screens` is not a list (the schema reports that). */
export function screensOf(flow: Readonly<Record<string, unknown>>): readonly unknown[] {
  const screens = own(flow, "screens");
  return Array.isArray(screens) ? screens : [];
}

/** The id of each screen that has a string id. */
export function screenIds(flow: Readonly<Record<string, unknown>>): Set<string> {
  const ids = new Set<string>();
  for (const screen of screensOf(flow)) {
    const id = isRecord(screen) ? own(screen, "id") : undefined;
    if (typeof id === "string") ids.add(id);
  }
  return ids;
}

/** A screen id used twice (reported at each repeat), and no terminal screen at all. */
export function screenProblems(flow: Readonly<Record<string, unknown>>): FlowJsonProblem[] {
  const screens = screensOf(flow);
  const problems: FlowJsonProblem[] = [];
  const firstAt = new Map<string, string>();
  screens.forEach((screen, index) => {
    const id = isRecord(screen) ? own(screen, "id") : undefined;
    if (typeof id !== "string") return;
    const pointer = childPointer(childPointer("/screens", index), "id");
    const earlier = firstAt.get(id);
    if (earlier === undefined) firstAt.set(id, pointer);
    else {
      problems.push(
        problemAt(pointer, `${quoted(id)} is already the id of ${showPointer(earlier)}: screen ids must be unique.`),
      );
    }
  });
  if (screens.length > 0 && !screens.some((screen) => isRecord(screen) && own(screen, "terminal") === true)) {
    problems.push(
      problemAt(
        "/screens",
        'no screen has "terminal": true: mark each screen the flow can end on as terminal (its Footer completes ' +
          "the flow).",
      ),
    );
  }
  return problems;
}
