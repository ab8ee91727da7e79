import { quote } from "../../text/quote";

/** How messages name a flow: `Kaleyra flow 123 ("Sign up")`, or `Kaleyra flow "Sign up"` before it has an id. */
export function flowLabel(flowId: unknown, name: unknown): string {
  const named = typeof name === "string" ? quote(name) : undefined;
  if (typeof flowId === "string") return `Kaleyra flow ${flowId}${named ? ` (${named})` : ""}`;
  return `Kaleyra flow ${named ?? "(unnamed)"}`;
}
