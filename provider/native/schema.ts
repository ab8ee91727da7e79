/**
 * The Pulumi package schema of the native provider (schema/kaleyra.schema.json), built from
 * the package's own tables: the inputs each resource accepts (rules/), the settings the
 * provider reads (settings/table.ts), the categories, regions and statuses. What only the
 * schema says, the description of each resource property, is here. `npm run schema` writes
 * the file; tests/unit/native-schema.test.ts fails when the committed file is stale or a
 * table and the schema disagree; the SDKs under sdk/ are generated from the file.
 */
import { FLOW_CATEGORIES, FLOW_STATUSES, INPUT_PROPERTIES, REGION_DOMAINS } from "../rules";
import { FLOW_INPUT_PROPERTIES } from "../rules/flow-inputs";
import { ACCOUNT_SETTINGS, TUNING } from "../settings";
import { PACKAGE_VERSION } from "../version";
import { NATIVE_FLOW_METADATA_TYPE, NATIVE_FLOW_TYPE, NATIVE_PACKAGE } from "./tokens";

/** A property of the schema: a type or a reference, and a description. */
export interface SchemaProperty {
  readonly type?: "string" | "boolean" | "integer" | "number" | "array" | "object";
  readonly $ref?: string;
  readonly items?: SchemaProperty;
  readonly additionalProperties?: SchemaProperty;
  readonly description?: string;
  readonly secret?: boolean;
}

/** The type of Flow's `validationErrors` items. */
export const VALIDATION_ERROR_TYPE = "kaleyra:index:FlowValidationError";

const REGIONS = Object.entries(REGION_DOMAINS)
  .map(([region, host]) => `\`${region}\` (${host})`)
  .join(", ");
const CATEGORY_LIST = FLOW_CATEGORIES.map((c) => `\`${c}\``).join(", ");
const STATUS_LIST = FLOW_STATUSES.map((s) => `\`${s}\``).join(", ");

const string = (description: string): SchemaProperty => ({ type: "string", description });
const boolean = (description: string): SchemaProperty => ({ type: "boolean", description });
const strings = (description: string): SchemaProperty => ({ type: "array", items: { type: "string" }, description });

/** Where a setting's default comes from, for the account inputs of a resource. */
const fallback = (setting: { key: string; env: string }) =>
  `Default: the provider's \`${setting.key.replace("kaleyra:", "")}\` (stack config \`${setting.key}\`), ` +
  `then ${setting.env}.`;

/** The inputs FlowMetadata and Flow share, described once. */
const SHARED = {
  flowId: string(
    "The flow's id, as Kaleyra returned it when the flow was created: a string of 10 to 20 digits " +
      '(e.g. "1234567890123456"). Changing it replaces the resource.',
  ),
  name: string("The flow's name, unique within its WhatsApp Business Account."),
  categories: strings(`The flow's categories: at least one of ${CATEGORY_LIST}. Order and repeats do not matter.`),
  endpointUri: string(
    "The https URL WhatsApp calls for the flow's data exchange (needed when the Flow JSON has `data_api_version`).",
  ),
  sid: string(`The account SID the flow belongs to. ${fallback(ACCOUNT_SETTINGS.sid)}`),
  region: string(`The pod: ${REGIONS}. ${fallback(ACCOUNT_SETTINGS.region)} Then \`IN\`.`),
  apiDomain: string(
    "An API domain that overrides the region: a bare host (https) or an origin such as `http://127.0.0.1:4010` " +
      `(plain http only to this machine). ${fallback(ACCOUNT_SETTINGS.apiDomain)}`,
  ),
  allowPublishedUpdate: boolean(
    "Lets `pulumi up` change this flow while it is PUBLISHED or THROTTLED, which may put it back to DRAFT. " +
      `${fallback(ACCOUNT_SETTINGS.allowPublishedUpdate)} Then false: a published flow that would change fails ` +
      "with nothing sent. Changing it alone changes nothing on the flow.",
  ),
} satisfies Record<string, SchemaProperty>;

/** FlowMetadata's inputs, in INPUT_PROPERTIES order. */
const FLOW_METADATA_INPUTS: Record<(typeof INPUT_PROPERTIES)[number], SchemaProperty> = {
  flowId: SHARED.flowId,
  name: { ...SHARED.name, description: `${SHARED.name.description} Left out: not managed, never sent.` },
  categories: {
    ...SHARED.categories,
    description: `${SHARED.categories.description} Left out: not managed, never sent.`,
  },
  endpointUri: {
    ...SHARED.endpointUri,
    description: "The https URL WhatsApp calls for the flow's data exchange. Left out: not managed, never sent.",
  },
  sid: SHARED.sid,
  region: SHARED.region,
  apiDomain: SHARED.apiDomain,
  allowPublishedUpdate: SHARED.allowPublishedUpdate,
};

/** Flow's inputs, in FLOW_INPUT_PROPERTIES order. */
const FLOW_INPUTS: Record<(typeof FLOW_INPUT_PROPERTIES)[number], SchemaProperty> = {
  wabaId: string(
    "The WhatsApp Business Account to create the flow in. Before creating, its flows are listed and a flow of " +
      "the same name is adopted instead. Changing it replaces the flow. Give it, flowId, or both.",
  ),
  flowId: {
    ...SHARED.flowId,
    description: "An existing flow to adopt instead of creating one: a string of 10 to 20 digits.",
  },
  name: SHARED.name,
  categories: SHARED.categories,
  endpointUri: SHARED.endpointUri,
  flowJson: {
    $ref: "pulumi.json#/Any",
    description:
      "The Flow JSON: JSON text (e.g. a file's contents) or an object. Checked at preview; compared as JSON (key " +
      "order and whitespace never show a change); uploaded only when it differs from what the flow holds.",
  },
  flowJsonFile: string(
    "The file the Flow JSON was read from, named in messages (with line and column) when it has a problem.",
  ),
  publish: boolean(
    "Publish the flow once its JSON is uploaded without validation errors. Default false. Cannot be undone: a " +
      "published flow can only be deprecated. `pulumi preview` warns first.",
  ),
  allowPublishedUpdate: {
    ...SHARED.allowPublishedUpdate,
    description: `${SHARED.allowPublishedUpdate.description} With publish, the flow is published again.`,
  },
  deprecateOnDelete: boolean(
    "Deprecate the flow, if it is published, when this resource is destroyed or replaced (cannot be undone). " +
      "Default false: a published flow is left live and forgotten, with a warning.",
  ),
  sid: SHARED.sid,
  region: SHARED.region,
  apiDomain: SHARED.apiDomain,
};

const STATUS = string(`The flow's status as last read (by \`pulumi up\`, \`refresh\` or import): ${STATUS_LIST}.`);
const ACCOUNT_OUTPUTS = {
  sid: string("The account SID the flow belongs to."),
  region: string("The pod's region."),
  apiDomain: string("The API origin the flow is reached at, e.g. `https://api.in.kaleyra.io`."),
};

const FLOW_METADATA_OUTPUTS: Record<string, SchemaProperty> = {
  flowId: string("The flow id; also the resource's id."),
  name: string("The managed name, as applied (or as read by the last refresh)."),
  categories: strings("The managed categories, as applied (repeats dropped, order as given)."),
  endpointUri: string("The managed endpoint URI, as applied."),
  ...ACCOUNT_OUTPUTS,
  status: STATUS,
};

const FLOW_OUTPUTS: Record<string, SchemaProperty> = {
  flowId: string("The flow id; also the resource's id."),
  wabaId: string("The WhatsApp Business Account the flow was created in, when the program named one."),
  name: string("The flow's name."),
  categories: strings("The flow's categories."),
  endpointUri: string("The flow's endpoint URI, when it has one."),
  ...ACCOUNT_OUTPUTS,
  status: STATUS,
  validationErrors: {
    type: "array",
    items: { $ref: `#/types/${VALIDATION_ERROR_TYPE}` },
    description: "Meta's validation errors of the flow's JSON as last read or answered (empty when none).",
  },
  jsonVersion: string("The Flow JSON's `version`."),
  flowJsonSha256: string("sha256 of the Flow JSON the flow holds, in canonical form (keys sorted, no whitespace)."),
  publish: boolean("Whether the program asks for the flow to be published."),
  deprecateOnDelete: boolean("Whether destroying the resource deprecates a published flow."),
  allowPublishedUpdate: boolean("The resource's allowPublishedUpdate, when it set one."),
  created: boolean("True when this resource created the flow (destroy deletes it while a DRAFT); false when adopted."),
};

/** The outputs every FlowMetadata has, whatever it manages. */
const FLOW_METADATA_REQUIRED = ["flowId", "sid", "region", "apiDomain"];
/** The outputs every Flow has. */
const FLOW_REQUIRED = [
  "flowId",
  "name",
  "categories",
  "sid",
  "region",
  "apiDomain",
  "status",
  "validationErrors",
  "publish",
  "deprecateOnDelete",
  "created",
];

/** An Import section, as the registry shows it, and the import id. */
const importSection = (token: string, name: string, more = "") =>
  "\n\n## Import\n\n" +
  "A flow is imported by its id, with the account of the provider's configuration; the import reads it and " +
  `sends nothing:\n\n\`\`\`sh\n$ pulumi import ${token} ${name} 1234567890123456\n\`\`\`\n${more}`;

/** The provider's configuration: every setting, its environment variable in its description. */
function providerInputs(): Record<string, SchemaProperty> {
  const described = (meaning: string, env: string) => `${meaning} Environment variable: ${env}.`;
  const inputs: Record<string, SchemaProperty> = {};
  for (const [name, setting] of Object.entries(ACCOUNT_SETTINGS)) {
    const description = described(setting.meaning, setting.env);
    switch (setting.kind) {
      case "secret":
        inputs[name] = { type: "string", secret: true, description };
        break;
      case "secret-map":
        inputs[name] = { type: "object", additionalProperties: { type: "string" }, secret: true, description };
        break;
      case "boolean":
      case "switch":
        inputs[name] = { type: "boolean", description };
        break;
      default:
        inputs[name] = { type: "string", description };
    }
  }
  for (const [name, setting] of Object.entries(TUNING)) {
    inputs[name] = {
      type: "integer",
      description: described(
        `${setting.meaning} ${setting.min} to ${setting.max}; default ${setting.default}.`,
        setting.env,
      ),
    };
  }
  return inputs;
}

/** The package schema, as the plugin serves it and the SDKs are generated from. */
export function buildSchema(version: string = PACKAGE_VERSION): Record<string, unknown> {
  const config = providerInputs();
  return {
    name: NATIVE_PACKAGE,
    displayName: "Kaleyra WhatsApp Flows",
    version,
    description:
      "Manage WhatsApp Flows on Kaleyra as code: whole flows (Flow JSON, publishing) or the metadata of existing flows.",
    keywords: ["pulumi", "kaleyra", "whatsapp", "flows", "category/utility", "kind/native"],
    license: "Apache-2.0",
    config: {
      variables: Object.fromEntries(Object.entries(config).map(([name, property]) => [name, { ...property }])),
    },
    provider: {
      description:
        "The provider of Kaleyra WhatsApp Flows: one Kaleyra account (or several, by SID, with apiKeys). The API " +
        "key is read at run time from this configuration or the environment, never stored in a flow's state.",
      inputProperties: config,
    },
    resources: {
      [NATIVE_FLOW_METADATA_TYPE]: {
        description:
          "The metadata (name, categories, endpoint URI) of one existing WhatsApp Flow on Kaleyra. Create adopts the " +
          "flow: it reads it and sends only the managed fields that differ. A PUBLISHED flow is changed only with " +
          "allowPublishedUpdate. Refresh reads the flow and reports drift. Delete calls nothing: the flow stays as " +
          "it is." +
          importSection(NATIVE_FLOW_METADATA_TYPE, "sign-up"),
        inputProperties: FLOW_METADATA_INPUTS,
        requiredInputs: ["flowId"],
        properties: FLOW_METADATA_OUTPUTS,
        required: FLOW_METADATA_REQUIRED,
      },
      [NATIVE_FLOW_TYPE]: {
        description:
          "A whole WhatsApp Flow on Kaleyra: its metadata and Flow JSON, checked at preview, created in a WABA (or " +
          "adopted by name or id), uploaded only when it differs, published only with publish: true. Destroy " +
          "deletes a DRAFT this resource created, deprecates a published flow only with deprecateOnDelete, and " +
          "otherwise forgets the flow." +
          importSection(
            NATIVE_FLOW_TYPE,
            "sign-up",
            "\nTo record the WhatsApp Business Account too (for a program that declares wabaId), import " +
              `\`<wabaId>/<flowId>\`:\n\n\`\`\`sh\n$ pulumi import ${NATIVE_FLOW_TYPE} sign-up 102290129340398/1234567890123456\n\`\`\`\n`,
          ),
        inputProperties: FLOW_INPUTS,
        requiredInputs: ["name", "categories", "flowJson"],
        properties: FLOW_OUTPUTS,
        required: FLOW_REQUIRED,
      },
    },
    types: {
      [VALIDATION_ERROR_TYPE]: {
        type: "object",
        description: "One of Meta's validation errors of a flow's JSON.",
        properties: {
          message: string("What is wrong."),
          error: string("Meta's error name, e.g. INVALID_PROPERTY_VALUE."),
          line: { type: "integer", description: "The line of the Flow JSON it is on, when Meta says." },
          column: { type: "integer", description: "The column, when Meta says." },
          pointer: string("A JSON pointer to the value, when Meta says."),
        },
        required: ["message"],
      },
    },
    language: LANGUAGES,
  };
}

/** Per-language settings of the generated SDKs. */
const LANGUAGES = {
  nodejs: { packageName: "@pulumi-kaleyra-flows/kaleyra", respectSchemaVersion: true },
  python: { packageName: "pulumi_kaleyra", respectSchemaVersion: true },
  go: {
    importBasePath: "github.com/pulumi-kaleyra-flows/pulumi-kaleyra/sdk/go/kaleyra",
    respectSchemaVersion: true,
  },
};

/** The schema as the committed file holds it: two-space JSON, a final newline. */
export function schemaText(version?: string): string {
  return `${JSON.stringify(buildSchema(version), null, 2)}\n`;
}
