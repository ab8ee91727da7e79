/**
 * The seed's JSON Schema, and the control API's flow and account patches, built from the
 * same property schemas so each rule is written once.
 *
 * Every node's `description` says what a valid value is ("a non-empty string"): it documents
 * the field and is also the "must be ..." of the error message (see problems.ts), so a rule
 * and its message sit side by side.
 */
import {
  CREATE_SHAPES,
  DETAILS_SHAPES,
  ERROR_SHAPES,
  FLOW_CATEGORIES,
  FLOW_STATUSES,
  ID_PATTERN,
  LIST_SHAPES,
  MAX_PAGE_SIZE,
  PUBLISHED_UPDATE_MODES,
  VALIDATION_STYLES,
} from "../vocabulary";
import type { AccountPatch, FlowPatch, SeedAccount, SeedFile, SeedFlow } from "./contract";

/** One node of a JSON Schema, with the description every node here must have. */
export interface SchemaNode {
  readonly description: string;
  readonly [keyword: string]: unknown;
}

/** The keys of `T` that are not optional. */
type RequiredKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T];

/**
 * An object schema whose `properties` are exactly the keys of the contract type `T` (Ajv's
 * `JSONSchemaType` would demand `nullable` on every optional field, which a seed must refuse).
 */
export interface ObjectSchema<T> extends SchemaNode {
  readonly type: "object";
  readonly properties: { readonly [K in keyof T]-?: SchemaNode };
  readonly required: readonly RequiredKeys<T>[];
  readonly additionalProperties: false;
}

/** The format name under which check.ts registers the emulator's https URL rule. */
export const HTTPS_URL_FORMAT = "https-url";

const quoted = (values: readonly string[]) => values.map((value) => `"${value}"`).join(", ");

/** The same rule, also accepting `null` (a patch's "remove this field"). */
function nullable(node: SchemaNode): SchemaNode {
  const values = node.enum as readonly unknown[] | undefined;
  const description = `${node.description}, or null`;
  return { ...node, description, nullable: true, ...(values && { enum: [...values, null] }) };
}

// Flow ids are 15-17 digits: past 2^53 a JSON number has already lost digits, so a number
// is accepted only while it is still exact. WABA ids are as long and follow the same rule.
const digits = (what: string): SchemaNode => ({
  description: `a string of digits (${what}a JSON number only if it is a safe integer)`,
  type: ["string", "integer"],
  pattern: ID_PATTERN,
  minimum: 0,
  maximum: Number.MAX_SAFE_INTEGER,
});

const WABA_ID = digits("a WABA id; ");
const PUBLISHED_UPDATE: SchemaNode = {
  description: `one of ${quoted(PUBLISHED_UPDATE_MODES)}`,
  type: "string",
  enum: PUBLISHED_UPDATE_MODES,
};

const VALIDATION_STYLE: SchemaNode = {
  description: `one of ${quoted(VALIDATION_STYLES)}`,
  type: "string",
  enum: VALIDATION_STYLES,
};

const FLOW_FIELDS = {
  name: { description: "a non-empty string", type: "string", pattern: "\\S" },
  categories: {
    description: `a non-empty array of categories (${FLOW_CATEGORIES.join(", ")})`,
    type: "array",
    minItems: 1,
    items: { description: `a Kaleyra flow category (one of ${FLOW_CATEGORIES.join(", ")})`, enum: FLOW_CATEGORIES },
  },
  endpoint_uri: { description: "an absolute https URL", type: "string", format: HTTPS_URL_FORMAT },
  status: { description: `a flow status (one of ${FLOW_STATUSES.join(", ")})`, type: "string", enum: FLOW_STATUSES },
  wabaId: WABA_ID,
  publishedUpdate: PUBLISHED_UPDATE,
  validationStyle: VALIDATION_STYLE,
  // Any text: a seed may hold an invalid Flow JSON on purpose (its validation errors are the point).
  flowJson: { description: "a Flow JSON as a string (its text, not an object)", type: "string" },
} satisfies Record<string, SchemaNode>;

const ACCOUNT_SETTINGS = {
  wabaId: WABA_ID,
  flowApi: { description: "true or false", type: "boolean" },
  publishedUpdate: PUBLISHED_UPDATE,
  pageSize: {
    description: `a whole number from 1 to ${MAX_PAGE_SIZE}`,
    type: "integer",
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
  },
  listShape: { description: `one of ${quoted(LIST_SHAPES)}`, type: "string", enum: LIST_SHAPES },
  detailsShape: { description: `one of ${quoted(DETAILS_SHAPES)}`, type: "string", enum: DETAILS_SHAPES },
  errorShape: { description: `one of ${quoted(ERROR_SHAPES)}`, type: "string", enum: ERROR_SHAPES },
  createShape: { description: `one of ${quoted(CREATE_SHAPES)}`, type: "string", enum: CREATE_SHAPES },
  validationStyle: VALIDATION_STYLE,
} satisfies Record<string, SchemaNode>;

/** One flow: a seed entry, or the body of the control API's `PUT`. */
export const FLOW_SCHEMA: ObjectSchema<SeedFlow> = {
  description: "a flow object with id, name, categories, endpoint_uri and status",
  type: "object",
  properties: { id: digits(""), ...FLOW_FIELDS },
  required: ["id"],
  additionalProperties: false,
};

// SIDs go into URL paths and keys into a header; refusing anything else here keeps a
// typo (a trailing space, a pasted newline) from turning into a mysterious RBC001 later.
const ACCOUNT_SCHEMA: ObjectSchema<SeedAccount> = {
  description: "an object with sid, apiKey, flowApi and flows",
  type: "object",
  properties: {
    sid: {
      description: 'a non-empty string of letters, digits, "-" or "_"',
      type: "string",
      pattern: "^[A-Za-z0-9_-]+$",
    },
    // writeOnly: a credential, so an error message never shows its value (see problems.ts).
    apiKey: {
      description: "a non-empty string of printable characters without spaces",
      type: "string",
      pattern: "^[\\x21-\\x7e]+$",
      writeOnly: true,
    },
    ...ACCOUNT_SETTINGS,
    flows: { description: "an array of flows", type: "array", items: FLOW_SCHEMA },
  },
  required: ["sid", "apiKey"],
  additionalProperties: false,
};

/** The whole seed file. */
export const SEED_SCHEMA: ObjectSchema<SeedFile> = {
  description: 'a JSON object like {"accounts": [...]}',
  type: "object",
  properties: {
    accounts: { description: "an array of accounts", type: "array", items: ACCOUNT_SCHEMA },
    $schema: { description: "the path or URL of a JSON Schema", type: "string" },
  },
  required: ["accounts"],
  additionalProperties: false,
};

/**
 * A change to a flow: the flow's fields but `id` and `flowJson` (set with its own route), each
 * but `status` removable with `null`.
 */
export const FLOW_PATCH_SCHEMA: ObjectSchema<FlowPatch> = {
  description: `an object with any of ${Object.keys(FLOW_FIELDS)
    .filter((key) => key !== "flowJson")
    .join(", ")}`,
  type: "object",
  properties: {
    name: nullable(FLOW_FIELDS.name),
    categories: nullable(FLOW_FIELDS.categories),
    endpoint_uri: nullable(FLOW_FIELDS.endpoint_uri),
    status: FLOW_FIELDS.status,
    wabaId: nullable(FLOW_FIELDS.wabaId),
    publishedUpdate: nullable(FLOW_FIELDS.publishedUpdate),
    validationStyle: nullable(FLOW_FIELDS.validationStyle),
  },
  required: [],
  additionalProperties: false,
};

/** A change to an account's settings; only `wabaId` can be removed (the others have defaults). */
export const ACCOUNT_PATCH_SCHEMA: ObjectSchema<AccountPatch> = {
  description: `an object with any of ${Object.keys(ACCOUNT_SETTINGS).join(", ")}`,
  type: "object",
  properties: { ...ACCOUNT_SETTINGS, wabaId: nullable(ACCOUNT_SETTINGS.wabaId) },
  required: [],
  additionalProperties: false,
};
