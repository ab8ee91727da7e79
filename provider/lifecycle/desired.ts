import type { FlowStatus } from "../flow-status";
import { Account, resolveAllowPublishedUpdate, SettingSources } from "../settings";
import { FlowState, parseFlowState } from "./flow-state";

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
 * so they are parsed as state is (never cast), and the opt-in is resolved from the input,
 * stack config and environment.
 */
export function desiredOf(inputs: Readonly<Record<string, unknown>>, sources: SettingSources): DesiredFlow {
  const state = parseFlowState(inputs, sources);
  const { flowId, name, categories, endpointUri, sid, region, apiDomain } = state;
  return {
    flowId,
    name,
    categories,
    endpointUri,
    account: { sid, region, apiDomain },
    allowPublishedUpdate: resolveAllowPublishedUpdate(inputs.allowPublishedUpdate, sources),
  };
}

/** What the stack holds once the flow is as desired: its fields, its account, the status last read. */
export function stateOf(desired: DesiredFlow, status: FlowStatus | undefined): FlowState {
  const { flowId, name, categories, endpointUri, account } = desired;
  return { flowId, name, categories, endpointUri, ...account, status };
}
