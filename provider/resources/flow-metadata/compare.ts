import type { FlowDetails, FlowMetadataBody } from "../../client/kaleyra-client";
import { isUnknown, MANAGED_FIELDS, type ManagedField, sameCategories } from "../../rules";
import type { DesiredFlow } from "./desired";

/** The managed fields a program sets: a FlowMetadata's, or a Flow's. */
type ManagedValues = Pick<DesiredFlow, ManagedField>;

/** True when a field's old and new values differ, categories compared as sets. Unknown counts as changed. */
export function differs(field: string, old: unknown, next: unknown): boolean {
  if (isUnknown(next)) return true;
  if (field === "categories" && Array.isArray(old) && Array.isArray(next)) return !sameCategories(old, next);
  return old !== next && !(old === undefined && next === null) && !(old === null && next === undefined);
}

/**
 * The managed fields the program sets whose value differs from `current` (what Kaleyra
 * holds, or what the stack last recorded). A field the program leaves out is not managed
 * and never differs.
 */
export function fieldsToChange(desired: ManagedValues, current: Pick<FlowDetails, ManagedField>): ManagedField[] {
  return MANAGED_FIELDS.filter(
    (field) => desired[field] !== undefined && differs(field, current[field], desired[field]),
  );
}

/** The Update Flow Metadata body: the given fields, in Kaleyra's names. */
export function bodyOf(desired: ManagedValues, fields: readonly ManagedField[]): FlowMetadataBody {
  const body: FlowMetadataBody = {};
  if (fields.includes("name")) body.name = desired.name;
  if (fields.includes("endpointUri")) body.endpoint_uri = desired.endpointUri;
  if (fields.includes("categories") && desired.categories) body.categories = [...desired.categories];
  return body;
}
