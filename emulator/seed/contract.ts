/**
 * The seed: which accounts and flows the emulator starts with. Its JSON shape is a public,
 * stable contract (the CLI's `--seed FILE`, `PUT /__emulator/seed`, `startEmulator({seed})`):
 *
 * ```json
 * {"accounts": [{"sid": "HXAP...", "apiKey": "A...", "wabaId": "1029384756102938", "flowApi": true,
 *   "publishedUpdate": "refuse", "pageSize": 25, "listShape": "envelope", "detailsShape": "envelope",
 *   "flows": [{"id": "1234567890123456", "name": "Sign up", "categories": ["SIGN_UP"],
 *              "endpoint_uri": "https://example.com/f", "status": "DRAFT"}]}]}
 * ```
 *
 * Optional, shown only when set: the account settings `errorShape`, `createShape` and
 * `validationStyle`, and a flow's `validationStyle` and `flowJson` (its Flow JSON, as text).
 *
 * The types here are that contract; schema.ts says the same in JSON Schema, and check.ts
 * turns an input into the validated, normalised shapes at the end of this file.
 */
import {
  CreateShape,
  DEFAULT_PAGE_SIZE,
  DetailsShape,
  ErrorShape,
  FlowStatus,
  ListShape,
  PublishedUpdate,
  ValidationStyle,
} from "../vocabulary";

/** One flow as a seed (or the control API) describes it. */
export interface SeedFlow {
  /** The flow id: a string of digits. A JSON number is accepted only if it is a safe integer. */
  readonly id: string | number;
  /** The flow's name; must not be empty or only whitespace. */
  readonly name?: string;
  /** Non-empty list of the nine documented categories (see `FLOW_CATEGORIES`). */
  readonly categories?: readonly string[];
  /** Absolute https URL WhatsApp calls for this flow's data exchange. */
  readonly endpoint_uri?: string;
  /** Defaults to `DRAFT`. `DEPRECATED` and `BLOCKED` flows refuse metadata updates. */
  readonly status?: FlowStatus;
  /** The WABA the flow belongs to, when not the account's `wabaId` (another WABA of the same account). */
  readonly wabaId?: string;
  /** Overrides the account's `publishedUpdate` for this flow. */
  readonly publishedUpdate?: PublishedUpdate;
  /** Overrides the account's `validationStyle` for this flow. */
  readonly validationStyle?: ValidationStyle;
  /** The flow's Flow JSON, as the text an upload would carry (validated when loaded; invalid text is kept). */
  readonly flowJson?: string;
}

/** One Kaleyra account. */
export interface SeedAccount {
  /** Account SID, the `<sid>` of `/v2/<sid>/...`. */
  readonly sid: string;
  /** The key the `api-key` header must carry. Never shown by the control API. */
  readonly apiKey: string;
  /**
   * The account's default WABA (WhatsApp Business Account) id, a string of digits: the
   * WABA of every flow that names none. Without it only flows with their own `wabaId`
   * can be listed by "Get Flows by WABA ID".
   */
  readonly wabaId?: string;
  /** `false` simulates an account for which the Flow API is not enabled. Defaults to `true`. */
  readonly flowApi?: boolean;
  /** What updating a PUBLISHED or THROTTLED flow does. Defaults to `refuse`. */
  readonly publishedUpdate?: PublishedUpdate;
  /** Page size of "Get Flows by WABA ID" when the request has no `limit`: 1 to 100, default 25. */
  readonly pageSize?: number;
  /** The answer's shape for "Get Flows by WABA ID". Defaults to `envelope`. */
  readonly listShape?: ListShape;
  /** The answer's shape for "Get Flow Details" and the lifecycle routes' successes. Defaults to `envelope`. */
  readonly detailsShape?: DetailsShape;
  /** The shape of Meta's errors on the lifecycle routes. Defaults to `kaleyra` (not shown when not set). */
  readonly errorShape?: ErrorShape;
  /** What Create Flow answers. Defaults to `full` (not shown when not set). */
  readonly createShape?: CreateShape;
  /** How validation errors are written. Defaults to `full` (not shown when not set). */
  readonly validationStyle?: ValidationStyle;
  /** The account's flows. Defaults to none. */
  readonly flows?: readonly SeedFlow[];
}

/** The whole seed: `{"accounts": [...]}`. */
export interface SeedFile {
  readonly accounts: readonly SeedAccount[];
  /** Where an editor finds a JSON Schema for the file; the emulator ignores it. */
  readonly $schema?: string;
}

/** A flow as the emulator holds it: id normalised to a string, status filled in. */
export interface FlowRecord {
  readonly id: string;
  readonly name?: string;
  readonly categories?: readonly string[];
  readonly endpoint_uri?: string;
  readonly status: FlowStatus;
  /** Only when the flow is in another WABA than its account's `wabaId`. */
  readonly wabaId?: string;
  /** Only when the flow overrides its account's setting. */
  readonly publishedUpdate?: PublishedUpdate;
  /** Only when the flow overrides its account's `validationStyle`. */
  readonly validationStyle?: ValidationStyle;
  /** Only when the flow has a Flow JSON: its text as stored. */
  readonly flowJson?: string;
}

/** The settings of an account that can change at run time (see {@link AccountPatch}). */
export interface AccountSettings {
  readonly wabaId?: string;
  readonly flowApi: boolean;
  readonly publishedUpdate: PublishedUpdate;
  readonly pageSize: number;
  readonly listShape: ListShape;
  readonly detailsShape: DetailsShape;
  /** Only when set; `kaleyra` applies otherwise. */
  readonly errorShape?: ErrorShape;
  /** Only when set; `full` applies otherwise. */
  readonly createShape?: CreateShape;
  /** Only when set; `full` applies otherwise (a flow's own setting wins). */
  readonly validationStyle?: ValidationStyle;
}

/** An account after validation: every default filled in (`wabaId` has none). */
export interface ValidAccount extends AccountSettings {
  readonly sid: string;
  readonly apiKey: string;
  readonly flows: readonly FlowRecord[];
}

/** A seed after validation. Assignable to {@link SeedFile}. */
export interface ValidSeed {
  readonly accounts: readonly ValidAccount[];
}

/**
 * A change to a flow (control API `PATCH`, i.e. an edit made in the Kaleyra console).
 * `null` removes an optional field; a field left out is kept.
 */
export interface FlowPatch {
  readonly name?: string | null;
  readonly categories?: readonly string[] | null;
  readonly endpoint_uri?: string | null;
  readonly status?: FlowStatus;
  /** Moves the flow to another WABA of its account; `null` puts it back in the account's. */
  readonly wabaId?: string | null;
  /** Overrides the account's setting for this flow; `null` removes the override. */
  readonly publishedUpdate?: PublishedUpdate | null;
  /** Overrides the account's `validationStyle` for this flow; `null` removes the override. */
  readonly validationStyle?: ValidationStyle | null;
}

/**
 * A change to an account's settings (control API `PATCH /__emulator/accounts/<sid>`).
 * A field left out is kept; `wabaId: null` removes the account's default WABA.
 */
export interface AccountPatch {
  readonly wabaId?: string | null;
  readonly flowApi?: boolean;
  readonly publishedUpdate?: PublishedUpdate;
  readonly pageSize?: number;
  readonly listShape?: ListShape;
  readonly detailsShape?: DetailsShape;
  readonly errorShape?: ErrorShape;
  readonly createShape?: CreateShape;
  readonly validationStyle?: ValidationStyle;
}

/** An account's settings when its seed entry leaves them out (`wabaId` has no default). */
export const ACCOUNT_DEFAULTS: Readonly<
  Omit<AccountSettings, "wabaId" | "errorShape" | "createShape" | "validationStyle">
> = Object.freeze({
  flowApi: true,
  publishedUpdate: "refuse",
  pageSize: DEFAULT_PAGE_SIZE,
  listShape: "envelope",
  detailsShape: "envelope",
});

/** A flow's status when its seed entry names none. */
export const DEFAULT_FLOW_STATUS: FlowStatus = "DRAFT";
