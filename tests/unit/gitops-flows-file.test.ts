import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parse as parseYaml } from "yaml";
import { FLOW_CATEGORIES } from "../../provider/rules";
import {
  DEFAULTS_KEYS,
  FLOWS_FILE_KEYS,
  FlowsFileError,
  formatProblem,
  parseFlowsText,
  validateFlowsFile,
  type FlowsFileProblem,
} from "../../provider/gitops";
import { FLOW_ID_DIGITS, INPUT_PROPERTIES, NAME_MAX_LENGTH } from "../../provider/rules";

const ROOT = join(__dirname, "..", "..");
const EXAMPLE = join(ROOT, "examples", "gitops", "flows.yaml");
const SCHEMA_PATH = join(ROOT, "schema", "flows.schema.json");

/** Builds a file from lines, so a case's expected line numbers can be read off the array. */
const lines = (...rows: string[]) => rows.join("\n") + "\n";

const GOOD = lines(
  "# yaml-language-server: $schema=../schema/flows.schema.json", //  1
  "version: 1", //                                                    2
  "defaults:", //                                                     3
  "  sid: HXAP16XXXXXX97IN", //                                       4
  "  region: in", //                                                  5
  "flows:", //                                                        6
  "  sign-up:", //                                                    7
  '    flowId: "1234567890123451"', //                                8
  "    name: '  Sign up '", //                                        9
  "    categories: [SIGN_UP, SIGN_UP]", //                           10
  "    endpointUri: https://flows.example.com/sign-up", //           11
  "  survey:", //                                                    12
  "    flowId: 1234567890123453", //                                 13 (a safe integer: accepted)
  "    categories: [OTHER, SURVEY]", //                              14
  "    sid: HXEU16XXXXXX42EU", //                                    15
  "    region: EU", //                                               16
  "  web.sign_up-2:", //                                             17
  '    flowId: "1234567890123454"', //                               18
  "    name: Sign up", //                                            19 (same name, other account: fine)
  "    sid: HXEU16XXXXXX42EU", //                                    20
  "    apiDomain: http://127.0.0.1:4010", //                         21
);

/** One expected problem: its line, path, and a fragment of its message. */
type Expected = [line: number, path: string, fragment: string];

/** Bad files: every problem expected, in order. */
const BAD: Array<[title: string, text: string, expected: Expected[]]> = [
  ["an empty file", "", [[1, "", "the file is empty"]]],
  ["a list at the top", "- a\n- b\n", [[1, "", "not a map"]]],
  [
    "a YAML syntax error, with its line (the parser's every complaint)",
    lines("version: 1", "flows:", "  a: {flowId: '1234567890123401', name: [}"),
    [[3, "", "YAML syntax error: Flow sequence"], [3, "", "YAML syntax error: Flow map"]],
  ],
  ["a duplicate resource name (a YAML duplicate key)", lines("version: 1", "flows:", "  a: {flowId: '1234567890123401', name: x}", "  a: {flowId: '1234567890123402', name: y}"), [[4, "", "Map keys must be unique"]]],
  ["tabs as indentation", "version: 1\nflows:\n\ta:\n", [[3, "", "YAML syntax error"]]],
  ["missing version and flows", "defaults: {}\n", [[1, "", "version is missing"], [1, "", "flows is missing"]]],
  [
    "unknown top-level key, wrong version",
    lines("version: 2", "flow:", "  a: {flowId: '1234567890123401', name: x}"),
    [[1, "", "flows is missing"], [1, "version", "Write version: 1"], [2, "flow", "flow is not a flows file key (did you mean flows?)"]],
  ],
  ["flows as a list", lines("version: 1", "flows:", "  - flowId: '1234567890123401'"), [[3, "flows", "not a list"]]],
  ["flows empty", lines("version: 1", "flows: {}"), [[2, "flows", "flows is empty"]]],
  [
    "defaults with a per-flow field and a typo",
    lines("version: 1", "defaults:", "  name: x", "  regoin: EU", "flows:", "  a: {flowId: '1234567890123401', name: x}"),
    [[3, "defaults.name", "Set name on each flow instead"], [4, "defaults.regoin", "did you mean region?"]],
  ],
  [
    "bad account values in defaults",
    lines("version: 1", "defaults:", "  sid: HX-AP", "  region: US", "  apiDomain: https://api.in.kaleyra.io/v2", "flows:", "  a: {flowId: '1234567890123401', name: x}"),
    [[3, "defaults.sid", "is not a Kaleyra SID"], [4, "defaults.region", "is not a Kaleyra pod"], [5, "defaults.apiDomain", "has a path, query or fragment after the host"]],
  ],
  [
    "a bad category, pointed at by index",
    lines("version: 1", "flows:", "  sign-up:", '    flowId: "1234567890123451"', "    categories: [SIGN_UP, SIGNUP]"),
    [[5, "flows.sign-up.categories[1]", '"SIGNUP" is not a Kaleyra flow category (did you mean SIGN_UP?)']],
  ],
  [
    "categories in block style, two bad",
    lines("version: 1", "flows:", "  s:", '    flowId: "1234567890123401"', "    categories:", "      - sruvey", "      - OTHER", "      - 7"),
    [[6, "flows.s.categories[0]", "did you mean SURVEY?"], [8, "flows.s.categories[2]", "7 is not a Kaleyra flow category"]],
  ],
  ["empty categories", lines("version: 1", "flows:", "  s:", '    flowId: "1234567890123401"', "    categories: []"), [[5, "flows.s.categories", "categories is empty"]]],
  [
    "http endpoint, credentials in endpoint",
    lines("version: 1", "flows:", "  a:", '    flowId: "1234567890123401"', "    endpointUri: http://x.example.com/e", "  b:", '    flowId: "1234567890123402"', "    endpointUri: https://u:p@x.example.com/e"),
    [[5, "flows.a.endpointUri", "WhatsApp only calls https endpoints"], [8, "flows.b.endpointUri", "holds credentials"]],
  ],
  [
    "unknown field, nothing to manage, missing flowId",
    lines("version: 1", "flows:", "  a:", '    flowId: "1234567890123401"', "    nmae: x", "  b:", "    name: y"),
    [[3, "flows.a", "nothing to manage"], [5, "flows.a.nmae", "nmae is not a FlowMetadata input (did you mean name?)"], [6, "flows.b", "flowId is required"]],
  ],
  ["a flow with no fields", lines("version: 1", "flows:", "  a:"), [[3, "flows.a", "has no fields"]]],
  ["a field with no value", lines("version: 1", "flows:", "  a:", '    flowId: "1234567890123401"', "    name:"), [[5, "flows.a.name", "name has no value"]]],
  [
    "invalid resource name",
    lines("version: 1", "flows:", "  sign up!:", '    flowId: "1234567890123401"', "    name: x"),
    [[3, 'flows["sign up!"]', "is not a valid resource name"]],
  ],
  [
    "flowId not digits, a name read as a number",
    lines("version: 1", "flows:", "  a:", "    flowId: abc", "    name: 2024"),
    [[4, "flows.a.flowId", "is not a string of digits"], [5, "flows.a.name", 'quote it: name: "2024"']],
  ],
  [
    "an unquoted unsafe flowId",
    lines("version: 1", "flows:", "  a:", "    flowId: 12345678901234567", "    name: x"),
    [[4, "flows.a.flowId", 'flowId 12345678901234567 is not a safe integer: YAML reads an unquoted id as a number, which JavaScript rounds to 12345678901234568, so it is not the id you wrote. Quote it: flowId: "12345678901234567"']],
  ],
  [
    "the same flowId twice in the default account",
    lines("version: 1", "flows:", "  a:", '    flowId: "1234567890123451"', "    name: A", "  b:", '    flowId: "1234567890123451"', "    name: B"),
    [[7, "flows.b.flowId", 'flowId "1234567890123451" is already declared by flows.a (line 3)']],
  ],
  [
    "the same flowId twice for one SID, one from defaults, once as a number",
    lines("version: 1", "defaults: {sid: HXAP16XXXXXX97IN}", "flows:", "  a:", '    flowId: "1234567890123451"', "    name: A", "  b:", "    flowId: 1234567890123451", "    name: B", "    sid: HXAP16XXXXXX97IN"),
    [[8, "flows.b.flowId", "already declared by flows.a (line 4) in account HXAP16XXXXXX97IN"]],
  ],
  [
    "the same name twice in one account (after trimming)",
    lines("version: 1", "flows:", "  a:", '    flowId: "1234567890123401"', "    name: Sign up", "  b:", '    flowId: "1234567890123402"', '    name: " Sign up"'),
    [[8, "flows.b.name", 'name "Sign up" is already used by flows.a (line 3): flow names are unique within a WhatsApp Business Account']],
  ],
  ["strict JSON: a trailing comma", '{"version": 1,\n "flows": {"a": {"flowId": "1234567890123401", "name": "x"},}\n}', [[2, "", "JSON syntax error"]]],
];

const describeProblems = (problems: readonly FlowsFileProblem[]) => problems.map(formatProblem).join("\n");

describe("parseFlowsText", () => {
  test.each(BAD)("reports %s", (_title, text, expected) => {
    const fileName = text.trimStart().startsWith("{") ? "flows.json" : "flows.yaml";
    const { problems } = parseFlowsText(text, fileName);
    expect(problems.map((p) => [p.line, p.path])).toEqual(expected.map(([line, path]) => [line, path]));
    problems.forEach((problem, i) => {
      expect(problem.file).toBe(fileName);
      expect(problem.message).toContain(expected[i][2]);
      // One problem, one line: hooks and editors read problems line by line.
      expect(formatProblem(problem)).not.toContain("\n");
    });
  });

  test("reports every problem of a file at once, in line order, with columns", () => {
    const text = lines(
      "version: 1", //                                     1
      "colour: blue", //                                   2
      "flows:", //                                         3
      "  sign-up:", //                                     4
      "    flowId: 12345678901234567890", //               5
      "    categories: [SIGN_UP, SIGNUP]", //              6
      "    endpointUri: ftp://x.example.com", //           7
      "  survey:", //                                      8
      "    flowId: '1234567890123453'", //                 9
      "    region: mars", //                               10
    );
    const { problems, flows } = parseFlowsText(text, "flows.yaml");
    expect(describeProblems(problems).split("\n").map((l) => l.replace(/: .*$/, ""))).toEqual([
      "flows.yaml:2:1 colour",
      "flows.yaml:5:13 flows.sign-up.flowId",
      "flows.yaml:6:27 flows.sign-up.categories[1]",
      "flows.yaml:7:18 flows.sign-up.endpointUri",
      "flows.yaml:8:3 flows.survey",
      "flows.yaml:10:13 flows.survey.region",
    ]);
    expect(formatProblem(problems[2])).toBe(
      `flows.yaml:6:27 flows.sign-up.categories[1]: "SIGNUP" is not a Kaleyra flow category (did you mean SIGN_UP?). The categories are ${FLOW_CATEGORIES.join(", ")}.`,
    );
    expect(flows).toEqual([]);
  });

  test("reads a good file into entries: normalized, defaults applied, file order", () => {
    const { flows, problems } = parseFlowsText(GOOD, "flows.yaml");
    expect(problems).toEqual([]);
    expect(flows).toEqual([
      {
        resourceName: "sign-up",
        file: "flows.yaml",
        line: 7,
        args: {
          flowId: "1234567890123451",
          name: "Sign up",
          categories: ["SIGN_UP"],
          endpointUri: "https://flows.example.com/sign-up",
          sid: "HXAP16XXXXXX97IN",
          region: "IN",
        },
      },
      {
        resourceName: "survey",
        file: "flows.yaml",
        line: 12,
        args: { flowId: "1234567890123453", categories: ["OTHER", "SURVEY"], sid: "HXEU16XXXXXX42EU", region: "EU" },
      },
      {
        resourceName: "web.sign_up-2",
        file: "flows.yaml",
        line: 17,
        args: { flowId: "1234567890123454", name: "Sign up", sid: "HXEU16XXXXXX42EU", region: "IN", apiDomain: "http://127.0.0.1:4010" },
      },
    ]);
  });

  test("reads JSON, with lines, and spots an unsafe number from the text", () => {
    const json = JSON.stringify({ $schema: "./schema.json", version: 1, flows: { a: { flowId: "1234567890123451", name: "A" } } }, null, 2);
    expect(parseFlowsText(json, "flows.json")).toMatchObject({ problems: [], flows: [{ resourceName: "a", line: 5 }] });
    const unsafe = '{\n  "version": 1,\n  "flows": {\n    "a": { "flowId": 98765432109876543, "name": "A" }\n  }\n}\n';
    const { problems } = parseFlowsText(unsafe, "flows.json");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 4, column: 22, path: "flows.a.flowId" });
    expect(problems[0].message).toContain("JSON reads an unquoted id as a number");
    expect(problems[0].message).toContain('Quote it: flowId: "98765432109876543"');
  });

  test("the unsafe-integer check reads the source text, not the rounded number", () => {
    // 2^53 + 1 rounds to 2^53, itself not a safe integer; 2^53 - 1 is the largest safe one.
    const at = (id: string) => parseFlowsText(lines("version: 1", "flows:", "  a:", `    flowId: ${id}`, "    name: x"), "f.yaml").problems;
    expect(at("9007199254740993")[0].message).toContain("flowId 9007199254740993 is not a safe integer");
    expect(at("9007199254740993")[0].message).toContain("rounds to 9007199254740992");
    expect(at("9007199254740991")).toEqual([]);
    expect(at('"9007199254740993"')).toEqual([]);
    // Not digits, though YAML reads a number: the id is not what was written.
    expect(at("0x10")[0].message).toContain('flowId 0x10 is read by YAML as the number 16');
  });

  test("flows on different SIDs may share an id and a name", () => {
    const text = lines("version: 1", "flows:", "  a: {flowId: '1234567890123401', name: X, sid: HXAAA}", "  b: {flowId: '1234567890123401', name: X, sid: HXBBB}", "  c: {flowId: '1234567890123401', name: X}");
    expect(parseFlowsText(text, "f.yaml").problems).toEqual([]);
  });

  test("aliases are followed for values and locations", () => {
    const text = lines("version: 1", "flows:", "  a:", "    flowId: '1234567890123401'", "    categories: &cats [SIGN_UP]", "  b:", "    flowId: '1234567890123402'", "    categories: *cats");
    expect(parseFlowsText(text, "f.yaml")).toMatchObject({ problems: [], flows: [{ args: { categories: ["SIGN_UP"] } }, { args: { categories: ["SIGN_UP"] } }] });
  });
});

describe("validateFlowsFile", () => {
  test("the example's flows.yaml is valid: three demo flows", () => {
    const { flows, problems } = validateFlowsFile(EXAMPLE);
    expect(describeProblems(problems)).toBe("");
    expect(flows.map((f) => [f.resourceName, f.args])).toEqual([
      ["sign-up", { flowId: "1234567890123451", name: "Sign up", categories: ["SIGN_UP"], endpointUri: "https://example.com/flows/sign-up", sid: "HXAP16DEMO0097IN", region: "IN" }],
      ["book-appointment", { flowId: "1234567890123452", name: "Book an appointment", categories: ["APPOINTMENT_BOOKING"], sid: "HXAP16DEMO0097IN", region: "IN" }],
      ["customer-survey", { flowId: "1234567890123453", name: "Customer survey", categories: ["SURVEY", "OTHER"], sid: "HXAP16DEMO0097IN", region: "IN" }],
    ]);
  });

  test("a missing file is a problem, not a throw", () => {
    expect(validateFlowsFile("no/such/flows.yaml")).toEqual({
      flows: [],
      problems: [{ file: "no/such/flows.yaml", line: 0, path: "", message: "cannot read the flows file: no such file." }],
    });
    expect(formatProblem(validateFlowsFile("nope.yaml").problems[0])).toBe("nope.yaml: cannot read the flows file: no such file.");
  });
});

describe("FlowsFileError", () => {
  test("lists every problem, one per line, with a count", () => {
    const { problems } = parseFlowsText(lines("version: 3", "flows:", "  a: {flowId: x, name: y}"), "flows.yaml");
    const error = new FlowsFileError(problems);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("FlowsFileError");
    expect(error.problems).toHaveLength(2);
    expect(error.message.split("\n")).toEqual([
      "2 problems in flows.yaml; no flow was declared:",
      "flows.yaml:1:10 version: version 3 is not a flows file version this package reads. Write version: 1.",
      expect.stringMatching(/^flows\.yaml:3:15 flows\.a\.flowId: flowId "x" is not a string of digits/),
    ]);
  });
});

// ---------------------------------------------------------------------------------------
// The published JSON Schema. No schema library is a dependency, so a tiny checker covers
// exactly the keywords the schema uses (a test below fails if the schema starts using one
// it does not know), enough to prove the schema and the validator agree.

type Schema = { [keyword: string]: unknown };

const ANNOTATIONS = new Set(["$schema", "$id", "title", "description", "examples", "format", "$defs"]);
const CHECKED = new Set(["$ref", "type", "const", "enum", "oneOf", "anyOf", "pattern", "minLength", "maxLength", "minimum", "maximum", "minItems", "items", "required", "properties", "additionalProperties", "minProperties", "propertyNames"]);

function keywordsOf(schema: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) schema.forEach((s) => keywordsOf(s, found));
  else if (schema && typeof schema === "object") {
    for (const [key, value] of Object.entries(schema)) {
      if (key === "properties" || key === "$defs") Object.values(value as object).forEach((s) => keywordsOf(s, found));
      else if (key !== "enum" && key !== "const" && key !== "examples" && key !== "required") keywordsOf(value, found);
      found.add(key);
    }
  }
  return found;
}

function schemaErrors(schema: Schema, value: unknown, root: Schema, at = "$"): string[] {
  if (typeof schema.$ref === "string") {
    const target = schema.$ref.replace(/^#\//, "").split("/").reduce<unknown>((node, key) => (node as Schema)[key], root);
    return schemaErrors(target as Schema, value, root, at);
  }
  const errors: string[] = [];
  const fail = (why: string) => errors.push(`${at}: ${why}`);
  const kind = value === null ? "null" : Array.isArray(value) ? "array" : Number.isInteger(value) ? "integer" : typeof value;
  if (schema.type !== undefined && !(schema.type === kind || (schema.type === "number" && kind === "integer"))) fail(`type ${kind}, wanted ${String(schema.type)}`);
  if ("const" in schema && value !== schema.const) fail(`not ${String(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) fail(`${String(value)} not in enum`);
  if (Array.isArray(schema.oneOf) && schema.oneOf.filter((s) => schemaErrors(s as Schema, value, root, at).length === 0).length !== 1) fail("not exactly one of oneOf");
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some((s) => schemaErrors(s as Schema, value, root, at).length === 0)) fail("none of anyOf");
  if (typeof value === "string") {
    if (typeof schema.minLength === "number" && value.length < schema.minLength) fail("too short");
    if (typeof schema.maxLength === "number" && Array.from(value).length > schema.maxLength) fail("too long");
    if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(value)) fail(`does not match ${schema.pattern}`);
  }
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum) fail("below minimum");
    if (typeof schema.maximum === "number" && value > schema.maximum) fail("above maximum");
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === "number" && value.length < schema.minItems) fail("too few items");
    if (schema.items) value.forEach((item, i) => errors.push(...schemaErrors(schema.items as Schema, item, root, `${at}[${i}]`)));
  }
  if (kind === "object") {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const name of (schema.required ?? []) as string[]) if (!(name in object)) fail(`missing ${name}`);
    if (typeof schema.minProperties === "number" && Object.keys(object).length < schema.minProperties) fail("too few properties");
    for (const [key, item] of Object.entries(object)) {
      if (schema.propertyNames) errors.push(...schemaErrors(schema.propertyNames as Schema, key, root, `${at} key ${key}`));
      if (properties[key]) errors.push(...schemaErrors(properties[key], item, root, `${at}.${key}`));
      else if (schema.additionalProperties === false) fail(`unknown property ${key}`);
      else if (schema.additionalProperties) errors.push(...schemaErrors(schema.additionalProperties as Schema, item, root, `${at}.${key}`));
    }
  }
  return errors;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "node_modules") return [];
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe("schema/flows.schema.json", () => {
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as Schema;
  const defs = schema.$defs as Record<string, Schema>;
  const flow = defs.flow;
  const properties = schema.properties as Record<string, Schema>;

  test("is a draft 2020-12 schema that uses only keywords the checker here knows", () => {
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    const unknown = [...keywordsOf(schema)].filter((k) => !ANNOTATIONS.has(k) && !CHECKED.has(k) && !(k in defs) && !(k in properties) && !(INPUT_PROPERTIES as readonly string[]).includes(k));
    expect(unknown).toEqual([]);
  });

  test("matches the validator: keys, required fields, categories, patterns", () => {
    expect(Object.keys(properties).sort()).toEqual([...FLOWS_FILE_KEYS].sort());
    expect(schema.required).toEqual(["version", "flows"]);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(properties.defaults.properties as object).sort()).toEqual([...DEFAULTS_KEYS].sort());
    expect(properties.defaults.additionalProperties).toBe(false);
    expect(Object.keys(flow.properties as object).sort()).toEqual([...INPUT_PROPERTIES].sort());
    expect(flow.required).toEqual(["flowId"]);
    expect(flow.additionalProperties).toBe(false);
    const flowProps = flow.properties as Record<string, Schema>;
    expect((flowProps.categories.items as Schema).enum).toEqual([...FLOW_CATEGORIES]);
    expect((flowProps.flowId.oneOf as Schema[])[0].pattern).toBe(`^[1-9][0-9]{${FLOW_ID_DIGITS.min - 1},${FLOW_ID_DIGITS.max - 1}}$`);
    expect(flowProps.name.maxLength).toBe(NAME_MAX_LENGTH);
    expect(defs.allowPublishedUpdate.type).toBe("boolean");
    expect(flowProps.endpointUri).toMatchObject({ format: "uri", pattern: "^https://" });
    expect(defs.region.enum).toEqual(["IN", "SG", "EU", "in", "sg", "eu"]);
  });

  test("every flows file in examples/ matches it", () => {
    const examples = filesUnder(join(ROOT, "examples")).filter((f) => /(^|\/)flows[^/]*\.(ya?ml|json)$/.test(f));
    expect(examples.length).toBeGreaterThan(0);
    for (const file of examples) {
      const value = parseYaml(readFileSync(file, "utf8"));
      expect({ file: relative(ROOT, file), errors: schemaErrors(schema, value, schema) }).toEqual({ file: relative(ROOT, file), errors: [] });
      expect(validateFlowsFile(file).problems).toEqual([]);
    }
  });

  test("agrees with the validator on a good file and on bad files", () => {
    expect(schemaErrors(schema, parseYaml(GOOD), schema)).toEqual([]);
    // Bad files the schema can see (shape and values, not duplicates or unsafe numbers).
    const schemaVisible = BAD.filter(([title]) => !/syntax|duplicate|tabs|twice|unsafe|empty file|trailing comma/.test(title));
    for (const [title, text] of schemaVisible) {
      expect({ title, rejected: schemaErrors(schema, parseYaml(text), schema).length > 0 }).toEqual({ title, rejected: true });
    }
  });
});
