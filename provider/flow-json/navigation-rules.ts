import { closest } from "../text/closest";
import { isRecord, own } from "../rules/checked";
import { childPointer, FlowJsonProblem, problemAt, quoted } from "./problem";
import { screenIds, screensOf } from "./screen-rules";
import { ACTION_PROPERTIES } from "./vocabulary";

/**
 * Rules about where a flow can go: every `navigate` action and every route of `routing_model` names a screen of the
 * flow. A schema can say a name is a string, not that a screen has it.
 */

/** Each navigate target and routing_model screen that is not a screen of the flow. */
export function navigationProblems(flow: Readonly<Record<string, unknown>>): FlowJsonProblem[] {
  const ids = screenIds(flow);
  const problems: FlowJsonProblem[] = [];
  // Ids are the input's own text: each is quoted (escaped, cut), the guess too.
  const list = [...ids].slice(0, 10).map(quoted).join(", ") + (ids.size > 10 ? ", ..." : "");
  const unknownScreen = (pointer: string, name: string, role: string): void => {
    const guess = closest(name, [...ids]);
    const fix = guess ? `; did you mean ${quoted(guess)}?` : `: ${role}: ${list}.`;
    problems.push(problemAt(pointer, `${quoted(name)} is not the id of a screen in this flow${fix}`));
  };

  screensOf(flow).forEach((screen, index) => {
    if (!isRecord(screen)) return;
    forEachAction(own(screen, "layout"), childPointer(childPointer("/screens", index), "layout"), (action, pointer) => {
      const next = own(action, "next");
      if (own(action, "name") !== "navigate" || !isRecord(next)) return;
      const type = own(next, "type");
      const name = own(next, "name");
      // A plugin is not a screen, and "${data.next}" is only known when the flow runs.
      if ((type !== undefined && type !== "screen") || typeof name !== "string" || name.includes("${")) return;
      if (!ids.has(name)) unknownScreen(`${pointer}/next/name`, name, "a navigate action opens one of its screens");
    });
  });

  const routes = own(flow, "routing_model");
  if (isRecord(routes) && ids.size > 0) {
    for (const [from, targets] of Object.entries(routes)) {
      const at = childPointer("/routing_model", from);
      if (!ids.has(from)) unknownScreen(at, from, "each key of routing_model is one of its screen ids");
      if (!Array.isArray(targets)) continue;
      targets.forEach((target, i) => {
        if (typeof target === "string" && !ids.has(target)) {
          unknownScreen(childPointer(at, i), target, "routing_model routes to one of its screens");
        }
      });
    }
  }
  return problems;
}

/**
 * Calls `found` with every action object under `root` (in `on-click-action`, `on-select-action`,
 * `on-unselect-action`, wherever they sit: a component, an option, a navigation item) and its pointer. Iterative,
 * with an explicit stack, so no depth of nesting can overflow; a pointer is spelled out only for an action found.
 */
function forEachAction(
  root: unknown,
  rootPointer: string,
  found: (action: Readonly<Record<string, unknown>>, pointer: string) => void,
): void {
  interface Step {
    readonly node: object;
    readonly parent?: Step;
    readonly key?: string | number;
  }
  const pointerOf = (step: Step): string => {
    const keys: Array<string | number> = [];
    for (let at: Step | undefined = step; at?.parent; at = at.parent) keys.push(at.key!);
    return keys.reduceRight<string>((pointer, key) => childPointer(pointer, key), rootPointer);
  };
  if (typeof root !== "object" || root === null) return;
  const pending: Step[] = [{ node: root }];
  while (pending.length > 0) {
    const step = pending.pop()!;
    const { node } = step;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) {
        const child: unknown = node[i];
        if (typeof child === "object" && child !== null) pending.push({ node: child, parent: step, key: i });
      }
      continue;
    }
    for (const key in node) {
      if (!Object.prototype.hasOwnProperty.call(node, key)) continue;
      const child: unknown = (node as Record<string, unknown>)[key];
      if (typeof child !== "object" || child === null) continue;
      const next: Step = { node: child, parent: step, key };
      if (isRecord(child) && ACTION_PROPERTIES.includes(key)) found(child, pointerOf(next));
      pending.push(next);
    }
  }
}
