/**
 * schema/flow-json.schema.json: it compiles with Ajv in strict mode (and against the draft-07 meta-schema), it is
 * the one list of component types, versions and action names (the code reads them from it), and it helps editors.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { COMPONENT_TYPES, DATA_API_VERSIONS, PUBLISHABLE_VERSIONS } from "../../provider/flow-json";
import { createFlowJsonAjv } from "../../provider/flow-json/schema-check";
import { ACTION_NAMES } from "../../provider/flow-json/vocabulary";

type Schema = Record<string, any>;

const SCHEMA: Schema = JSON.parse(readFileSync(join(__dirname, "..", "..", "schema", "flow-json.schema.json"), "utf8"));
const DEFS: Record<string, Schema> = SCHEMA.definitions;

/**
 * Every subschema (not the maps that hold them, such as `properties`), with its path and whether its errors reach a
 * message: those inside `if` and `not` are tests, and an `anyOf`'s branches are worded by the `anyOf` itself.
 */
function* nodes(node: unknown, path = "#", worded = true): Generator<[string, Schema, boolean]> {
  if (typeof node !== "object" || node === null) return;
  const schema = node as Schema;
  yield [path, schema, worded];
  for (const map of ["properties", "definitions"]) {
    for (const [key, child] of Object.entries<unknown>(schema[map] ?? {})) {
      yield* nodes(child, `${path}/${map}/${key}`, worded);
    }
  }
  for (const key of ["items", "additionalProperties", "then", "else"])
    yield* nodes(schema[key], `${path}/${key}`, worded);
  for (const key of ["if", "not"]) yield* nodes(schema[key], `${path}/${key}`, false);
  const branches: unknown[] = [...(schema.anyOf ?? []), ...(schema.allOf ?? [])];
  for (let i = 0; i < branches.length; i++) {
    const anyOf = i < (schema.anyOf ?? []).length;
    yield* nodes(
      branches[i],
      anyOf ? `${path}/anyOf/${i}` : `${path}/allOf/${i - (schema.anyOf ?? []).length}`,
      !anyOf && worded,
    );
  }
}

describe("schema/flow-json.schema.json", () => {
  test("compiles with Ajv in strict mode, checked against the draft-07 meta-schema", () => {
    const ajv = createFlowJsonAjv({ validateSchema: true });
    expect(SCHEMA.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(ajv.validateSchema(SCHEMA)).toBe(true);
    expect(() => ajv.compile(SCHEMA)).not.toThrow();
  });

  test("lists the versions Meta publishes, and the data API versions", () => {
    expect(PUBLISHABLE_VERSIONS).toEqual(["5.1", "6.0", "6.1", "6.2", "6.3", "7.0", "7.1", "7.2", "7.3"]);
    expect(DATA_API_VERSIONS).toEqual(["3.0", "4.0"]);
    expect(SCHEMA.properties.version.enum).toEqual(PUBLISHABLE_VERSIONS);
    expect(SCHEMA.properties.data_api_version.enum).toEqual(DATA_API_VERSIONS);
  });

  test("every component type the code knows is in the schema's enum, with a definition and a branch", () => {
    const listed: string[] = DEFS.componentType.enum;
    expect(COMPONENT_TYPES).toEqual(listed);
    const branches = DEFS.component.allOf.map((branch: Schema) => branch.if.properties.type.const);
    expect(branches).toEqual(listed);
    for (const type of listed) {
      expect(DEFS[type].properties.type.const).toBe(type);
      expect(DEFS[type].required).toContain("type");
      expect(DEFS.component.allOf[branches.indexOf(type)].then.$ref).toBe(`#/definitions/${type}`);
    }
  });

  test("holds Meta's components for the supported versions", () => {
    expect([...COMPONENT_TYPES].sort()).toEqual(
      [
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
      ].sort(),
    );
  });

  test("lists the action names", () => {
    expect(ACTION_NAMES).toEqual(["navigate", "data_exchange", "complete", "update_data", "open_url"]);
  });

  test("helps editors: a description on every property (its own or its definition's) and every definition", () => {
    const describedAt = (property: Schema | boolean): boolean =>
      property === true ||
      Boolean((property as Schema).description) ||
      Boolean((property as Schema).$ref && DEFS[(property as Schema).$ref.split("/").pop()].description);
    const bare: string[] = [];
    for (const [path, node, worded] of nodes(SCHEMA)) {
      // In an `if`, a property is a test ({"const": "TextInput"}), not something to document.
      if (!worded && path.includes("/if")) continue;
      for (const [key, property] of Object.entries<Schema | boolean>(node.properties ?? {})) {
        if (!describedAt(property)) bare.push(`${path}/properties/${key}`);
      }
    }
    for (const [name, definition] of Object.entries(DEFS)) if (!definition.description) bare.push(name);
    expect(bare).toEqual([]);
  });

  test("describes what a valid value is on every node that can fail, for the messages", () => {
    const validating = ["type", "enum", "pattern", "minLength", "minItems", "required", "not", "anyOf", "uniqueItems"];
    const checked = [...nodes(SCHEMA)].filter(([, node, worded]) => worded && validating.some((k) => k in node));
    expect(checked.length).toBeGreaterThan(100);
    const bare = checked.filter(([, node]) => !node.description).map(([path]) => path);
    expect(bare).toEqual([]);
  });
});
