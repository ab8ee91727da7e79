/** The statuses a WhatsApp Flow can be in (Meta's list, which Kaleyra passes through). */
export const FLOW_STATUSES = ["DRAFT", "PUBLISHED", "DEPRECATED", "BLOCKED", "THROTTLED"] as const;

/** One of {@link FLOW_STATUSES}. */
export type FlowStatus = (typeof FLOW_STATUSES)[number];

/** True when `value` is one of {@link FLOW_STATUSES}, spelled exactly. */
export function isFlowStatus(value: unknown): value is FlowStatus {
  return typeof value === "string" && (FLOW_STATUSES as readonly string[]).includes(value);
}

/**
 * What `pulumi up` may do with a flow whose managed fields differ from Kaleyra's, by status:
 * - `send`: a DRAFT flow takes changes.
 * - `opt-in`: a PUBLISHED flow (THROTTLED is a published flow whose sending is throttled)
 *   either refuses the change or goes back to DRAFT, depending on the account (Meta's pages
 *   say both); sent only with `allowPublishedUpdate`.
 * - `never`: a DEPRECATED or BLOCKED flow cannot take changes; nothing is sent.
 */
export const UPDATE_POLICY: Readonly<Record<FlowStatus, "send" | "opt-in" | "never">> = {
  DRAFT: "send",
  PUBLISHED: "opt-in",
  THROTTLED: "opt-in",
  DEPRECATED: "never",
  BLOCKED: "never",
};
