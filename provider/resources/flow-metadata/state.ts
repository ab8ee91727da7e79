import { StateError } from "../../errors";
import { FLOW_STATUSES, type FlowStatus, isFlowStatus, own, type Region } from "../../rules";
import type { Settings } from "../../settings";
import { accountOfState } from "../state-account";

/**
 * What the stack holds for one flow: a FlowMetadata's outputs. The same keys as every earlier
 * version wrote, so an upgrade shows no diff. Never holds the API key.
 */
export interface FlowState {
  readonly flowId: string;
  readonly name?: string;
  readonly categories?: readonly string[];
  readonly endpointUri?: string;
  readonly sid: string;
  readonly region: Region;
  /** Origin of the pod the flow lives on, e.g. `https://api.in.kaleyra.io`. */
  readonly apiDomain: string;
  /** The flow's status as last read from Kaleyra (by `up` or `refresh`). */
  readonly status?: FlowStatus;
}

type Props = Readonly<Record<string, unknown>>;

const REFRESH =
  "Run `pulumi refresh` to read the flow again; if that fails too, set the value in the program and run `pulumi up`.";

/**
 * Parses what the engine hands back from state (old outputs) into a {@link FlowState}, never
 * casting: each field is checked, managed values for their type (they were valid when
 * written, under whatever rules were current then), the account strictly, since requests go
 * to it. Account fields missing from old state are resolved from the settings, as for a new
 * resource; none found is an error, never the text "undefined" in a URL.
 *
 * @param id the resource id (the flow id), for state that lacks `flowId`.
 * @throws StateError naming the field and the fix.
 */
export function parseFlowState(props: Props, settings: Settings, id?: string): FlowState {
  const flowId = own(props, "flowId") ?? id;
  const fail = (field: string, problem: string, fix = REFRESH): never => {
    throw new StateError({ flowId: typeof flowId === "string" ? flowId : undefined, field, problem, fix });
  };
  if (typeof flowId !== "string" || !/^[0-9]+$/.test(flowId)) return fail("flowId", "is not a string of digits");

  const name = own(props, "name");
  if (name !== undefined && typeof name !== "string") fail("name", "is not a string");
  const categories = own(props, "categories");
  if (categories !== undefined && !isStringList(categories)) fail("categories", "is not a list of strings");
  const endpointUri = own(props, "endpointUri");
  if (endpointUri !== undefined && typeof endpointUri !== "string") fail("endpointUri", "is not a string");
  const status = own(props, "status");
  if (status !== undefined && !isFlowStatus(status)) fail("status", `is none of ${FLOW_STATUSES.join(", ")}`);

  return {
    flowId,
    ...(typeof name === "string" ? { name } : {}),
    ...(isStringList(categories) ? { categories: [...categories] } : {}),
    ...(typeof endpointUri === "string" ? { endpointUri } : {}),
    ...accountOfState(props, settings, fail),
    ...(isFlowStatus(status) ? { status } : {}),
  };
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

/** Outputs as the engine stores them: the state with no undefined keys, so state stays small. */
export function outputsOf(state: FlowState): Record<string, unknown> {
  return Object.fromEntries(Object.entries(state).filter(([, value]) => value !== undefined));
}
