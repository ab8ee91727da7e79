import type { FlowValidationError } from "../../client/responses/validation-errors";
import { StateError } from "../../errors";
import { FLOW_STATUSES, type FlowStatus, isFlowStatus, own, type Region } from "../../rules";
import type { Settings } from "../../settings";
import { accountOfState } from "../state-account";

/**
 * What the stack holds for one Flow as its outputs. The Flow JSON itself is not here: it is
 * stored once, as the resource's input, and the outputs keep its sha256, so a large flow does
 * not take twice its size in state. Never holds the API key.
 */
export interface FlowResourceState {
  readonly flowId: string;
  /** The WhatsApp Business Account the flow was created in, when the program named one. */
  readonly wabaId?: string;
  readonly name: string;
  readonly categories: readonly string[];
  readonly endpointUri?: string;
  readonly sid: string;
  readonly region: Region;
  readonly apiDomain: string;
  /** DRAFT, PUBLISHED, ... as last read. */
  readonly status: FlowStatus;
  /** Meta's validation errors of the flow's JSON as last read or answered (empty when none). */
  readonly validationErrors: readonly FlowValidationError[];
  /** The Flow JSON's `version`. */
  readonly jsonVersion?: string;
  /** sha256 of the Flow JSON the flow holds (canonical form: keys sorted, no whitespace). */
  readonly flowJsonSha256?: string;
  /** Whether the program asks for the flow to be published. */
  readonly publish: boolean;
  /** Whether destroying the resource deprecates a published flow. */
  readonly deprecateOnDelete: boolean;
  /** The program's allowPublishedUpdate, when it set one (so a refresh can give it back as an input). */
  readonly allowPublishedUpdate?: boolean;
  /** True when this resource created the flow (destroy deletes it while a DRAFT); false when it adopted one. */
  readonly created: boolean;
}

type Props = Readonly<Record<string, unknown>>;

const REFRESH = "Run `pulumi refresh` to read the flow again; if that fails too, run `pulumi up`.";

/**
 * Parses a Flow's old outputs, never casting: each field checked, the account strictly (requests
 * go to it). Fields a Flow always writes but that are missing (a FlowMetadata's outputs, when
 * one moves to a Flow with an alias) fall back to safe values: not created (so destroy never
 * deletes a flow it cannot tell it made), not published, no deprecation, no JSON known.
 *
 * @throws StateError naming the field and the fix.
 */
export function parseFlowResourceState(props: Props, settings: Settings, id?: string): FlowResourceState {
  const flowId = own(props, "flowId") ?? id;
  const fail = (field: string, problem: string, fix = REFRESH): never => {
    throw new StateError({ flowId: typeof flowId === "string" ? flowId : undefined, field, problem, fix });
  };
  if (typeof flowId !== "string" || !/^[0-9]+$/.test(flowId)) return fail("flowId", "is not a string of digits");
  const text = (field: string): string | undefined => {
    const value = own(props, field);
    if (value === undefined) return undefined;
    return typeof value === "string" ? value : fail(field, "is not a string");
  };
  const flag = (field: string): boolean | undefined => {
    const value = own(props, field);
    if (value === undefined) return undefined;
    return typeof value === "boolean" ? value : fail(field, "is not true or false");
  };
  // A FlowMetadata moved to a Flow (an alias) may lack name or categories: the update sets them.
  const categories = own(props, "categories") ?? [];
  if (!Array.isArray(categories) || !categories.every((item) => typeof item === "string")) {
    fail("categories", "is not a list of strings");
  }
  const status = own(props, "status");
  if (!isFlowStatus(status)) return fail("status", `is none of ${FLOW_STATUSES.join(", ")}`);
  const allow = flag("allowPublishedUpdate");
  const state: FlowResourceState = {
    flowId,
    wabaId: text("wabaId"),
    name: text("name") ?? "",
    categories: [...(categories as string[])],
    endpointUri: text("endpointUri"),
    ...accountOfState(props, settings, fail),
    status,
    validationErrors: parseStoredErrors(own(props, "validationErrors"), fail),
    jsonVersion: text("jsonVersion"),
    flowJsonSha256: text("flowJsonSha256"),
    publish: flag("publish") ?? false,
    deprecateOnDelete: flag("deprecateOnDelete") ?? false,
    ...(allow !== undefined ? { allowPublishedUpdate: allow } : {}),
    created: flag("created") ?? false,
  };
  return state;
}

function parseStoredErrors(value: unknown, fail: (field: string, problem: string) => never): FlowValidationError[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return fail("validationErrors", "is not a list");
  return value.map((item: unknown) => {
    if (typeof item !== "object" || item === null || typeof (item as { message?: unknown }).message !== "string") {
      return fail("validationErrors", "holds an error without a message");
    }
    const { message, error, line, column, pointer } = item as Record<string, unknown>;
    return {
      message: message as string,
      ...(typeof error === "string" ? { error } : {}),
      ...(typeof line === "number" ? { line } : {}),
      ...(typeof column === "number" ? { column } : {}),
      ...(typeof pointer === "string" ? { pointer } : {}),
    };
  });
}

/** Outputs as the engine stores them: no undefined keys, so state stays small. */
export function flowOutputsOf(state: FlowResourceState): Record<string, unknown> {
  return Object.fromEntries(Object.entries(state).filter(([, value]) => value !== undefined));
}
