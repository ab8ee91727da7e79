/**
 * The words of Kaleyra's WhatsApp Flow API that the emulator checks against: the flow
 * categories Update Flow Metadata accepts and the statuses a flow can be in.
 *
 * The emulator keeps its own copy instead of importing the provider's: it stands in for
 * Kaleyra, so it must not agree with the provider merely because they share a constant.
 */

/** The nine flow categories Kaleyra documents for Update Flow Metadata, in the seed page's order. */
export const FLOW_CATEGORIES = [
  "SIGN_UP",
  "SIGN_IN",
  "APPOINTMENT_BOOKING",
  "LEAD_GENERATION",
  "SHOPPING",
  "CONTACT_US",
  "CUSTOMER_SUPPORT",
  "SURVEY",
  "OTHER",
] as const;

/** One of {@link FLOW_CATEGORIES}. */
export type FlowCategory = (typeof FLOW_CATEGORIES)[number];

/** The statuses a WhatsApp Flow can be in (Meta's list, which Kaleyra passes through). */
export const FLOW_STATUSES = ["DRAFT", "PUBLISHED", "DEPRECATED", "BLOCKED", "THROTTLED"] as const;

/** One of {@link FLOW_STATUSES}. */
export type FlowStatus = (typeof FLOW_STATUSES)[number];

/**
 * Statuses in which a flow's metadata can no longer be changed. Kaleyra does not document
 * this; Meta refuses updates to deprecated and blocked flows, so the emulator does too.
 */
export const FROZEN_STATUSES: ReadonlySet<FlowStatus> = new Set<FlowStatus>(["DEPRECATED", "BLOCKED"]);

const categorySet: ReadonlySet<string> = new Set(FLOW_CATEGORIES);
const statusSet: ReadonlySet<string> = new Set(FLOW_STATUSES);

/** True when `value` is one of the nine categories, spelled exactly (Kaleyra is case-sensitive). */
export function isFlowCategory(value: unknown): value is FlowCategory {
  return typeof value === "string" && categorySet.has(value);
}

/** True when `value` is one of {@link FLOW_STATUSES}, spelled exactly. */
export function isFlowStatus(value: unknown): value is FlowStatus {
  return typeof value === "string" && statusSet.has(value);
}

/** Flow ids are Meta object ids: decimal digits, 15 to 17 of them in practice. */
const FLOW_ID = /^[0-9]{1,32}$/;

/** True when `value` is a flow id as the emulator stores it: a string of digits. */
export function isFlowId(value: unknown): value is string {
  return typeof value === "string" && FLOW_ID.test(value);
}

/**
 * True when `value` is an absolute https URL, which is what Meta requires of a flow's
 * endpoint. Surrounding whitespace is refused rather than trimmed, as a strict API would.
 */
export function isHttpsUrl(value: unknown): value is string {
  if (typeof value !== "string" || value !== value.trim() || value === "") return false;
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.hostname !== "";
  } catch {
    return false;
  }
}
