/**
 * schema/kaleyra.schema.json against the tables it is built from: the inputs each resource's
 * rules accept, the outputs its lifecycle writes, the settings the provider reads, and the
 * committed file against what `npm run schema` would write now.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { buildSchema, schemaText } from "../../provider/native/schema";
import { NATIVE_FLOW_METADATA_TYPE, NATIVE_FLOW_TYPE } from "../../provider/native/tokens";
import type { FlowResourceState } from "../../provider/resources/flow";
import type { FlowState } from "../../provider/resources/flow-metadata";
import { FLOW_CATEGORIES, INPUT_PROPERTIES } from "../../provider/rules";
import { FLOW_INPUT_PROPERTIES } from "../../provider/rules/flow-inputs";
import { ACCOUNT_SETTINGS, TUNING } from "../../provider/settings";
import { PACKAGE_VERSION } from "../../provider/version";
import { REPO_ROOT } from "../support/paths";

type Property = { description?: string; secret?: boolean; type?: string };
type Resource = {
  description: string;
  inputProperties: Record<string, Property>;
  requiredInputs: string[];
  properties: Record<string, Property>;
  required: string[];
};
const schema = buildSchema() as {
  name: string;
  version: string;
  config: { variables: Record<string, Property> };
  provider: { inputProperties: Record<string, Property> };
  resources: Record<string, Resource>;
  types: Record<string, { properties: Record<string, Property> }>;
};
const metadata = schema.resources[NATIVE_FLOW_METADATA_TYPE];
const flow = schema.resources[NATIVE_FLOW_TYPE];
const keys = (record: object) => Object.keys(record).sort();

test("the committed schema is what `npm run schema` writes now", () => {
  const committed = fs.readFileSync(path.join(REPO_ROOT, "schema/kaleyra.schema.json"), "utf8");
  expect(committed).toBe(schemaText());
  expect(schema.name).toBe("kaleyra");
  expect(schema.version).toBe(PACKAGE_VERSION);
});

describe("resources", () => {
  test("each resource's inputs are exactly the inputs its rules accept", () => {
    expect(keys(metadata.inputProperties)).toEqual([...INPUT_PROPERTIES].sort());
    expect(keys(flow.inputProperties)).toEqual([...FLOW_INPUT_PROPERTIES].sort());
  });

  test("the outputs are every field the lifecycle writes to state", () => {
    // Written out whole, so a field added to a state type fails to compile here until it is listed.
    const metadataState: Required<FlowState> = {
      flowId: "",
      name: "",
      categories: [],
      endpointUri: "",
      sid: "",
      region: "IN",
      apiDomain: "",
      status: "DRAFT",
    };
    const flowState: Required<FlowResourceState> = {
      flowId: "",
      wabaId: "",
      name: "",
      categories: [],
      endpointUri: "",
      sid: "",
      region: "IN",
      apiDomain: "",
      status: "DRAFT",
      validationErrors: [],
      jsonVersion: "",
      flowJsonSha256: "",
      publish: false,
      deprecateOnDelete: false,
      allowPublishedUpdate: false,
      created: false,
    };
    expect(keys(metadata.properties)).toEqual(keys(metadataState));
    expect(keys(flow.properties)).toEqual(keys(flowState));
  });

  test("the required inputs are the ones check refuses to go without", () => {
    expect(metadata.requiredInputs).toEqual(["flowId"]);
    expect(flow.requiredInputs).toEqual(["name", "categories", "flowJson"]);
  });

  test("categories name every category the rules accept", () => {
    for (const resource of [metadata, flow]) {
      for (const category of FLOW_CATEGORIES)
        expect(resource.inputProperties.categories.description).toContain(category);
    }
  });

  test("each resource has an Import section with the command that imports it", () => {
    for (const [token, resource] of Object.entries(schema.resources)) {
      expect(resource.description).toContain("## Import");
      expect(resource.description).toContain(`pulumi import ${token} `);
    }
  });
});

describe("provider configuration", () => {
  const settings = { ...ACCOUNT_SETTINGS, ...TUNING };

  test("every setting the provider reads, and nothing else, as provider input and stack config", () => {
    expect(keys(schema.provider.inputProperties)).toEqual(keys(settings));
    expect(keys(schema.config.variables)).toEqual(keys(settings));
  });

  test("each names its environment variable; the keys are secret, nothing else is", () => {
    for (const [name, setting] of Object.entries(settings)) {
      const property = schema.provider.inputProperties[name];
      expect(property.description).toContain(`Environment variable: ${setting.env}.`);
      expect(property.description).toContain(setting.meaning);
      expect(Boolean(property.secret)).toBe(name === "apiKey" || name === "apiKeys");
    }
  });

  test("tunables are integers with their range and default", () => {
    for (const [name, setting] of Object.entries(TUNING)) {
      const property = schema.provider.inputProperties[name];
      expect(property.type).toBe("integer");
      expect(property.description).toContain(`${setting.min} to ${setting.max}; default ${setting.default}`);
    }
  });
});

test("every property has a description", () => {
  const described = (record: Record<string, Property>) =>
    Object.entries(record).filter(([, property]) => !property.description?.trim());
  const missing = [
    ...described(schema.provider.inputProperties),
    ...Object.values(schema.resources).flatMap((r) => [...described(r.inputProperties), ...described(r.properties)]),
    ...Object.values(schema.types).flatMap((t) => described(t.properties)),
  ].map(([name]) => name);
  expect(missing).toEqual([]);
});
