import { sameCategories } from "../categories";
import type { FlowDetails } from "../client/kaleyra-client";
import type { FlowMetadataBody } from "../client/kaleyra-client";
import { isUnknown, MANAGED_FIELDS, ManagedField } from "../rules";
import type { DesiredFlow } from "./desired";

/** True when a field's old and new values differ, categories compared as sets. Unknown counts as changed. */
export function differs(field: string, old: unknown, next: unknown): boolean {
  if (isUnknown(next)) return true;
  if (field === "categories" && Array.isArray(old) && Array.isArray(next)) return !sameCategories(old, next);
  return old !== next && !(old === undefined && next === null) && !(old === null && next === undefined);
}

/**
 * The managed fields the program sets whose value differs from what Kaleyra holds. A field
 * the program leaves out is not managed and never differs.
 */
export function fieldsToChange(desired: DesiredFlow, remote: FlowDetails): ManagedField[] {
  return MANAGED_FIELDS.filter((field) => desired[field] !== undefined && differs(field, remote[field], desired[field]));
}

/** The Update Flow Metadata body: the given fields, in Kaleyra's names. */
export function bodyOf(desired: DesiredFlow, fields: readonly ManagedField[]): FlowMetadataBody {
  const body: FlowMetadataBody = {};
  if (fields.includes("name")) body.name = desired.name;
  if (fields.includes("endpointUri")) body.endpoint_uri = desired.endpointUri;
  if (fields.includes("categories")) body.categories = [...desired.categories!];
  return body;
}
