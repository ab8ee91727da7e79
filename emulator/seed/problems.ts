/**
 * Ajv's errors as the emulator's messages: `accounts[0].flows[2].status: must be a flow
 * status (one of DRAFT, ...), got "draft"`, one per entry at fault, in the order Ajv found them.
 */
import type { ErrorObject } from "ajv";
import { field, item, show, unknownField } from "../check";
import type { InputProblem } from "../errors";
import type { SchemaNode } from "./schema";

/** One problem per entry; the errors come from a validator compiled with `allErrors` and `verbose`. */
export function problemsOf(errors: readonly ErrorObject[]): InputProblem[] {
  // An entry can break several keywords at once (type and pattern); they all say the same "must be".
  const byPath = new Map<string, string>();
  for (const error of errors) {
    const { path, problem } = describe(error);
    if (!byPath.has(path)) byPath.set(path, problem);
  }
  return [...byPath].map(([path, problem]) => ({ path, problem }));
}

function describe(error: ErrorObject): InputProblem {
  const at = pathOf(error.instancePath);
  const node = error.parentSchema as SchemaNode;
  const properties = (node.properties ?? {}) as Record<string, SchemaNode>;
  switch (error.keyword) {
    case "additionalProperties": {
      const key = String(error.params.additionalProperty);
      return { path: field(at, key), problem: unknownField(key, Object.keys(properties)) };
    }
    case "required": {
      const key = String(error.params.missingProperty);
      return { path: field(at, key), problem: mustBe(properties[key], undefined) };
    }
    default:
      return { path: at, problem: mustBe(node, error.data) };
  }
}

function mustBe(node: SchemaNode, value: unknown): string {
  // A credential is never echoed, even when malformed.
  return node.writeOnly ? `must be ${node.description}` : `must be ${node.description}, got ${show(value)}`;
}

/** `/accounts/0/flows/2` → `accounts[0].flows[2]`: array indexes are the only all-digit segments here. */
function pathOf(pointer: string): string {
  let path = "";
  for (const raw of pointer.split("/").slice(1)) {
    const segment = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    path = /^[0-9]+$/.test(segment) ? item(path, Number(segment)) : field(path, segment);
  }
  return path;
}
