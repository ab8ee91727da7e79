import type { FlowStatus } from "../../rules";
import { type Account, type Settings, use } from "../../settings";
import { type FlowState, parseFlowState } from "./state";

/** What the program asks for, after `check`: the managed fields and the account. */
export interface DesiredFlow {
  readonly flowId: string;
  readonly name?: string;
  readonly categories?: readonly string[];
  readonly endpointUri?: string;
  readonly account: Account;
  /** Whether a PUBLISHED or THROTTLED flow may be changed (it may go back to DRAFT). */
  readonly allowPublishedUpdate: boolean;
}

/**
 * Reads the checked inputs `create` and `update` receive. They passed `check` in this run,
 * so they are parsed as state is (never cast); the opt-in is the input's, else the settings'.
 *
 * @throws ConfigurationError when the opt-in comes from a setting that cannot be used.
 */
export function desiredOf(inputs: Readonly<Record<string, unknown>>, settings: Settings): DesiredFlow {
  const { flowId, name, categories, endpointUri, sid, region, apiDomain } = parseFlowState(inputs, settings);
  const allow = inputs.allowPublishedUpdate;
  return {
    flowId,
    name,
    categories,
    endpointUri,
    account: { sid, region, apiDomain },
    allowPublishedUpdate: typeof allow === "boolean" ? allow : use(settings.allowPublishedUpdate),
  };
}

/** What the stack holds once the flow is as desired: its fields, its account, the status last read. */
export function stateOf(desired: DesiredFlow, status: FlowStatus | undefined): FlowState {
  const { flowId, name, categories, endpointUri, account } = desired;
  return { flowId, name, categories, endpointUri, ...account, status };
}
