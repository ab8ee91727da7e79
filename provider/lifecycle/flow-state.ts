import { StateError } from "../errors";
import { FLOW_STATUSES, FlowStatus } from "../flow-status";
import { checkApiDomain, checkRegion, checkSid, own, Region } from "../rules";
import { Account, resolveAccount, SettingSources } from "../settings";

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

/**
 * Parses what the engine hands back from state (old outputs) into a {@link FlowState}, never
 * casting: each field is checked, managed values for their type (they were valid when
 * written, under whatever rules were current then), the account strictly, since requests go
 * to it. Account fields missing from old state are resolved from stack config and the
 * environment, as for a new resource; none found is an error, never the text "undefined" in
 * a URL.
 *
 * @param id the resource id (the flow id), for state that lacks `flowId`.
 * @throws StateError naming the field and the fix.
 */
export function parseFlowState(props: Props, sources: SettingSources, id?: string): FlowState {
  const flowId = own(props, "flowId") ?? id;
  const facts = { flowId: typeof flowId === "string" ? flowId : undefined };
  const fail = (field: string, problem: string, fix: string): never => {
    throw new StateError({ ...facts, field, problem, fix });
  };
  const refresh = "Run `pulumi refresh` to read the flow again; if that fails too, set the value in the program and run `pulumi up`.";
  if (typeof flowId !== "string" || !/^[0-9]+$/.test(flowId)) fail("flowId", "is not a string of digits", refresh);

  const name = own(props, "name");
  if (name !== undefined && typeof name !== "string") fail("name", "is not a string", refresh);
  const categories = own(props, "categories");
  if (categories !== undefined && (!Array.isArray(categories) || !categories.every((c) => typeof c === "string"))) fail("categories", "is not a list of strings", refresh);
  const endpointUri = own(props, "endpointUri");
  if (endpointUri !== undefined && typeof endpointUri !== "string") fail("endpointUri", "is not a string", refresh);
  const status = own(props, "status");
  if (status !== undefined && !(typeof status === "string" && (FLOW_STATUSES as readonly string[]).includes(status))) fail("status", `is none of ${FLOW_STATUSES.join(", ")}`, refresh);

  const account = accountOf(props, sources, fail);
  const state: { -readonly [K in keyof FlowState]: FlowState[K] } = { flowId: flowId as string, ...account };
  if (name !== undefined) state.name = name as string;
  if (categories !== undefined) state.categories = [...(categories as string[])];
  if (endpointUri !== undefined) state.endpointUri = endpointUri as string;
  if (status !== undefined) state.status = status as FlowStatus;
  return state;
}

/** The account of old state: its own fields when present and valid, else from the settings. */
function accountOf(props: Props, sources: SettingSources, fail: (field: string, problem: string, fix: string) => never): Account {
  const sid = own(props, "sid");
  const region = own(props, "region");
  const apiDomain = own(props, "apiDomain");
  const resolved = resolveAccount({ sid, region, apiDomain }, sources);
  for (const failure of resolved.failures) {
    const field = failure.property || "account";
    fail(field, `cannot be used: ${failure.reason}`, "Set the account in the program (sid, region, apiDomain) or stack config, then run `pulumi up`.");
  }
  // resolveAccount checked every present value; these only narrow the types.
  const checkedSid = checkSid(resolved.account.sid);
  const checkedRegion = checkRegion(resolved.account.region);
  const checkedDomain = checkApiDomain(resolved.account.apiDomain);
  if (!checkedSid.ok || !checkedRegion.ok || !checkedDomain.ok) {
    return fail("account", "is incomplete", "Set kaleyra:sid (or the resource's sid) and kaleyra:region or kaleyra:apiDomain, then run `pulumi up`.");
  }
  return { sid: checkedSid.value, region: checkedRegion.value, apiDomain: checkedDomain.value };
}

/** Outputs as the engine stores them: the state with no undefined keys, so state stays small. */
export function outputsOf(state: FlowState): Record<string, unknown> {
  return Object.fromEntries(Object.entries(state).filter(([, value]) => value !== undefined));
}
