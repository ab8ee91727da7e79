import type { FlowDetails } from "../client/responses/flow-details";
import { UPDATE_POLICY, type FlowStatus } from "../rules/flow-status";
import { checkCategories } from "../rules/categories";
import { checkEndpointUri } from "../rules/endpoint-uri";
import { checkFlowId } from "../rules/flow-id";
import { checkName } from "../rules/name";
import { MANAGED_FIELDS, type ManagedField } from "../rules/inputs";
import { quote } from "../text/quote";
import { assignResourceNames, compareIds, compareText } from "./slug";

/**
 * What a discovered WABA becomes in a flows file: which flows are declared, which of their
 * fields are managed, and why anything was left out. Pure: the paging loop feeds it, the
 * renderer prints it.
 *
 * The rule is that the file must describe the flows exactly as Kaleyra holds them, so that
 * applying it changes nothing: each managed field is written as Kaleyra holds it and only if
 * this package's own rules (provider/rules, the same ones `validate` and `pulumi preview`
 * apply) accept it as it is. A value they would refuse, or would normalize into something
 * else (a name with white space around it is trimmed, so managing it would rename the flow),
 * is left unmanaged and the reason is kept for a comment.
 */

/** The managed fields of one flow, in this package's names, as Kaleyra holds them. */
export interface ManagedValues {
  readonly name?: string;
  readonly categories?: readonly string[];
  readonly endpointUri?: string;
}

/** A field Kaleyra holds that the file does not manage, and why. */
export interface UnmanagedField {
  readonly field: ManagedField;
  /** One line starting with the field's name; text from Kaleyra in it is quoted and escaped. */
  readonly reason: string;
}

/** A flow the file declares. */
export interface PlannedFlow {
  /** Its key under `flows`: a slug of its name, unique in the file. */
  readonly resourceName: string;
  readonly flowId: string;
  readonly status: FlowStatus;
  /** The fields the file manages (at least one). */
  readonly values: ManagedValues;
  /** Fields Kaleyra holds that are left unmanaged, with the reason. */
  readonly unmanaged: readonly UnmanagedField[];
  /** With `--with-json`: the flow declared whole, its Flow JSON in a file (see ./whole-flows.ts). */
  readonly whole?: WholeFlow;
  /** With `--with-json`, for a flow left metadata only: why (one line; text from Kaleyra quoted and escaped). */
  readonly metadataOnly?: string;
}

/** A flow declared whole: a Flow entry, `flowJson` naming the file that holds its JSON as Kaleyra does. */
export interface WholeFlow {
  /** `flowJson` as the flows file writes it: the JSON file relative to the flows file's folder, forward slashes. */
  readonly flowJson: string;
  /** The JSON file's name in the JSON folder: the resource name and `.json`. */
  readonly fileName: string;
  /** The file's text: the downloaded JSON's values, indented by two spaces, ending in a newline. */
  readonly text: string;
  /** `publish: true`, for a flow that is live (PUBLISHED, THROTTLED): a Flow that is not to be published must be a DRAFT. */
  readonly publish: boolean;
}

/** A flow the file does not declare, and why. */
export interface LeftOutFlow {
  readonly flowId: string;
  readonly name?: string;
  readonly status: FlowStatus;
  /** One line; text from Kaleyra in it is quoted and escaped. */
  readonly reason: string;
  /** The fields that were refused, when that is why nothing is left to manage. */
  readonly unmanaged: readonly UnmanagedField[];
}

/** The whole file's content, in the order it is written. */
export interface FlowsPlan {
  /** Sorted by resource name. */
  readonly flows: readonly PlannedFlow[];
  /** Sorted by flow id. */
  readonly leftOut: readonly LeftOutFlow[];
}

/**
 * Decides, for every flow of a WABA, what the flows file declares.
 *
 * - DEPRECATED and BLOCKED flows cannot take metadata changes: left out, named.
 * - A flow whose id this package would refuse: left out, named.
 * - Each of name, categories and endpointUri is managed when Kaleyra holds a value and the
 *   rules accept it unchanged; a name another flow of the account also has is managed only
 *   on the one with the smallest id, since the flows file refuses two flows with one name.
 * - A flow left with no field to manage is left out, with each field's reason.
 */
export function planFlows(flows: readonly FlowDetails[]): FlowsPlan {
  const leftOut: LeftOutFlow[] = [];
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  for (const flow of flows) {
    if (seen.has(flow.id)) continue; // listed twice (the list moved under the cursor): once is enough
    seen.add(flow.id);
    const about = { flowId: flow.id, name: flow.name, status: flow.status };
    if (UPDATE_POLICY[flow.status] === "never") {
      leftOut.push({
        ...about,
        reason:
          `a ${flow.status} flow cannot take metadata changes, so there is nothing to manage; clone it into ` +
          `a new DRAFT flow to manage it.`,
        unmanaged: [],
      });
      continue;
    }
    const id = checkFlowId(flow.id);
    if (!id.ok) {
      leftOut.push({ ...about, reason: `its id is not one this package accepts: ${id.reason}`, unmanaged: [] });
      continue;
    }
    candidates.push({ flow, ...fieldsOf(flow) });
  }

  // Names are unique per business account, and the flows file refuses a name on two flows:
  // the flow with the smallest id keeps it (whatever order Kaleyra listed them in).
  candidates.sort((a, b) => compareIds(a.flow.id, b.flow.id));
  const nameOwner = new Map<string, Candidate>();
  const sharing: Array<{ candidate: Candidate; owner: Candidate; name: string }> = [];
  for (const candidate of candidates) {
    const name = candidate.values.name;
    if (name === undefined) continue;
    const owner = nameOwner.get(name);
    if (owner === undefined) nameOwner.set(name, candidate);
    else {
      sharing.push({ candidate, owner, name });
      delete candidate.values.name;
    }
  }

  const kept: Candidate[] = [];
  for (const candidate of candidates) {
    if (MANAGED_FIELDS.some((field) => candidate.values[field] !== undefined)) kept.push(candidate);
  }
  // Resource names only for the flows written, so a left-out flow takes no name (or suffix).
  const names = assignResourceNames(kept.map(({ flow }) => flow));
  for (const { candidate, owner, name } of sharing) {
    candidate.unmanaged.push({
      field: "name",
      reason:
        `name ${quote(name)} is also the name of flow ${owner.flow.id} (flows.${names.get(owner.flow.id)}); ` +
        `flow names are unique within a WhatsApp Business Account, so the flows file accepts a name on one flow only.`,
    });
  }

  const planned: PlannedFlow[] = [];
  for (const { flow, values, unmanaged } of candidates) {
    unmanaged.sort((a, b) => MANAGED_FIELDS.indexOf(a.field) - MANAGED_FIELDS.indexOf(b.field));
    const resourceName = names.get(flow.id);
    if (resourceName === undefined) {
      leftOut.push({
        flowId: flow.id,
        name: flow.name,
        status: flow.status,
        reason: nothingLeftReason(unmanaged),
        unmanaged,
      });
      continue;
    }
    planned.push({ resourceName, flowId: flow.id, status: flow.status, values: values as ManagedValues, unmanaged });
  }
  planned.sort((a, b) => compareText(a.resourceName, b.resourceName));
  leftOut.sort((a, b) => compareIds(a.flowId, b.flowId));
  return { flows: planned, leftOut };
}

/** A flow on its way into the plan: the values the rules accept, and the fields they do not. */
interface Candidate {
  readonly flow: FlowDetails;
  readonly values: { name?: string; categories?: readonly string[]; endpointUri?: string };
  readonly unmanaged: UnmanagedField[];
}

/** The fields of one flow the rules accept as Kaleyra holds them, and why the others are not. */
function fieldsOf(flow: FlowDetails): Pick<Candidate, "values" | "unmanaged"> {
  const values: Candidate["values"] = {};
  const unmanaged: UnmanagedField[] = [];

  if (flow.name !== undefined) {
    const name = checkName(flow.name);
    if (!name.ok) unmanaged.push({ field: "name", reason: name.reason });
    else if (name.value !== flow.name) {
      unmanaged.push({
        field: "name",
        reason:
          `name ${quote(flow.name)} has white space around it, which this package trims: managing it would ` +
          `rename the flow.`,
      });
    } else values.name = flow.name;
  }

  if (flow.categories !== undefined) {
    const categories = checkCategories(flow.categories);
    // Repeats dropped: categories are compared as sets, so the flow is unchanged either way.
    if (categories.ok) values.categories = categories.value;
    else unmanaged.push({ field: "categories", reason: categories.reason });
  }

  if (flow.endpointUri !== undefined) {
    const endpoint = checkEndpointUri(flow.endpointUri);
    if (endpoint.ok && endpoint.value === flow.endpointUri) values.endpointUri = flow.endpointUri;
    else
      unmanaged.push({
        field: "endpointUri",
        reason: endpoint.ok
          ? `endpointUri ${quote(flow.endpointUri)} would be changed by this package's rules.`
          : endpoint.reason,
      });
  }
  return { values, unmanaged };
}

function nothingLeftReason(unmanaged: readonly UnmanagedField[]): string {
  if (unmanaged.length === 0)
    return "Kaleyra holds no name, categories or endpoint for it, so there is nothing to manage.";
  return (
    `nothing left to manage: ${unmanaged.map((u) => u.field).join(", ")} cannot be managed as Kaleyra holds ` +
    `${unmanaged.length === 1 ? "it" : "them"}:`
  );
}
