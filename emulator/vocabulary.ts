/**
 * The words of Kaleyra's WhatsApp Flow API that the emulator checks against: the flow
 * categories Update Flow Metadata accepts, the statuses a flow can be in, id rules, and
 * the per-account choices where Kaleyra's and Meta's pages leave the behaviour open.
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

/** True when `value` is one of the nine categories, spelled exactly (Kaleyra is case-sensitive). */
export function isFlowCategory(value: unknown): value is FlowCategory {
  return typeof value === "string" && categorySet.has(value);
}

/**
 * Meta object ids (flows, WhatsApp Business Accounts) as the emulator stores them: decimal
 * digits, 15 to 17 of them in practice. A string, so the seed's schema can use it too.
 */
export const ID_PATTERN = "^[0-9]{1,32}$";
const ID = new RegExp(ID_PATTERN);

/** True when `value` is a flow id as the emulator stores it: a string of digits. */
export function isFlowId(value: unknown): value is string {
  return typeof value === "string" && ID.test(value);
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

/** True when `value` is a WABA (WhatsApp Business Account) id as the emulator stores it: a string of digits. */
export function isWabaId(value: unknown): value is string {
  return typeof value === "string" && ID.test(value);
}

/**
 * What Update Flow Metadata does to a PUBLISHED (or THROTTLED) flow. Meta's pages disagree
 * ("cannot be deleted or updated" in one, "puts the Flow back to Draft" in another), so the
 * emulator can play either:
 * - `refuse`: HTTP 400, WA-400 naming the flow and its status; nothing changes.
 * - `revert-to-draft`: the change is applied and the flow becomes DRAFT.
 */
export const PUBLISHED_UPDATE_MODES = ["refuse", "revert-to-draft"] as const;

/** One of {@link PUBLISHED_UPDATE_MODES}. */
export type PublishedUpdate = (typeof PUBLISHED_UPDATE_MODES)[number];

/**
 * How "Get Flows by WABA ID" wraps its answer. Kaleyra's page shows no response body, so
 * each plausible shape can be chosen per account:
 * - `bare`: Meta's own `{"data": [flows], "paging": {...}}`;
 * - `envelope`: Kaleyra's envelope with Meta's answer as `data`;
 * - `envelope-flat`: Kaleyra's envelope with `data` the list and `paging` beside it.
 */
export const LIST_SHAPES = ["bare", "envelope", "envelope-flat"] as const;

/** One of {@link LIST_SHAPES}. */
export type ListShape = (typeof LIST_SHAPES)[number];

/**
 * How "Get Flow Details" wraps a flow: `envelope` (Kaleyra's, the flow as `data`) or
 * `bare` (Meta's flow object itself).
 */
export const DETAILS_SHAPES = ["envelope", "bare"] as const;

/** One of {@link DETAILS_SHAPES}. */
export type DetailsShape = (typeof DETAILS_SHAPES)[number];

/** Statuses of a published flow: the ones {@link PublishedUpdate} governs. */
export const PUBLISHED_STATUSES: ReadonlySet<FlowStatus> = new Set<FlowStatus>(["PUBLISHED", "THROTTLED"]);

/** The largest page "Get Flows by WABA ID" serves, and the `pageSize` default. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 25;

/**
 * How errors that Meta raises (the Flow lifecycle routes: Create, Update Flow JSON, Publish,
 * Deprecate, Delete) reach the client. Kaleyra's pages show no error body for these, so:
 * - `meta`: HTTP 400, Meta's own `{"error": {message, type, code, ...}}`;
 * - `kaleyra` (default): HTTP 400, Kaleyra's envelope `{code: "WA-400", message, data: {},
 *   error: <Meta's error object>}`.
 * Kaleyra's own refusals (RBC001, the WA-401s) keep their documented bodies in both.
 */
export const ERROR_SHAPES = ["meta", "kaleyra"] as const;

/** One of {@link ERROR_SHAPES}. */
export type ErrorShape = (typeof ERROR_SHAPES)[number];

/** An account's `errorShape` when it sets none. */
export const DEFAULT_ERROR_SHAPE: ErrorShape = "kaleyra";

/**
 * What Create Flow answers: `full` (today's Meta, `{id, success, validation_errors}`) or
 * `idOnly` (older Meta samples, `{id}` alone).
 */
export const CREATE_SHAPES = ["full", "idOnly"] as const;

/** One of {@link CREATE_SHAPES}. */
export type CreateShape = (typeof CREATE_SHAPES)[number];

/** An account's `createShape` when it sets none. */
export const DEFAULT_CREATE_SHAPE: CreateShape = "full";

/**
 * How Flow JSON validation errors are written. Meta's samples do both: `full` gives
 * `{error, error_type, message, line_start, line_end, column_start, column_end, pointers}`;
 * `messageOnly` gives `{error, error_type, message}` with the path put in the message.
 */
export const VALIDATION_STYLES = ["full", "messageOnly"] as const;

/** One of {@link VALIDATION_STYLES}. */
export type ValidationStyle = (typeof VALIDATION_STYLES)[number];

/** The `validationStyle` when neither the flow nor its account sets one. */
export const DEFAULT_VALIDATION_STYLE: ValidationStyle = "full";

/** The Flow JSON versions Meta publishes (its changelog's "Publishing Flows" row). */
export const FLOW_JSON_VERSIONS = ["5.1", "6.0", "6.1", "6.2", "6.3", "7.0", "7.1", "7.2", "7.3"] as const;

/** The Data API versions Meta accepts for a flow with an endpoint. */
export const DATA_API_VERSIONS = ["3.0", "4.0"] as const;

/**
 * The component `type`s of Meta's Flow JSON reference (components page): text, rich text,
 * text entry, selections, pickers, media upload, conditionals, navigation and the `Form`
 * container. A screen's `layout` itself is {@link LAYOUT_TYPES}, not a component.
 */
export const COMPONENT_TYPES = [
  "TextHeading",
  "TextSubheading",
  "TextBody",
  "TextCaption",
  "RichText",
  "TextInput",
  "TextArea",
  "CheckboxGroup",
  "RadioButtonsGroup",
  "ChipsSelector",
  "Dropdown",
  "DatePicker",
  "CalendarPicker",
  "OptIn",
  "EmbeddedLink",
  "Footer",
  "Image",
  "ImageCarousel",
  "PhotoPicker",
  "DocumentPicker",
  "NavigationList",
  "If",
  "Switch",
  "Form",
] as const;

/** The layout types a screen's `layout.type` may be. */
export const LAYOUT_TYPES = ["SingleColumnLayout"] as const;

/** Meta's cap on one Flow JSON: 10 MB, counted in bytes of the uploaded file. */
export const MAX_FLOW_JSON_BYTES = 10 * 1024 * 1024;

/** The longest flow name Create Flow accepts (other Meta flow APIs cap names at 200 characters). */
export const MAX_FLOW_NAME_LENGTH = 200;

/** A screen id Meta reserves (the terminal "success" pseudo-screen). */
export const RESERVED_SCREEN_ID = "SUCCESS";

/**
 * The emulated endpoints by name, as a fault rule's `route` selects them: `details` (GET a
 * flow), `update` (Update Flow Metadata), `delete`, `list` (Get Flows by WABA ID), `create`,
 * `assets` (Update Flow JSON and Get Flow Assets; tell them apart with `method`), `publish`,
 * `deprecate`, and `download` (a Get Flow Assets `download_url`, served outside `/v2`).
 */
export const ENDPOINTS = [
  "details",
  "update",
  "delete",
  "list",
  "create",
  "assets",
  "publish",
  "deprecate",
  "download",
] as const;

/** One of {@link ENDPOINTS}. */
export type Endpoint = (typeof ENDPOINTS)[number];
