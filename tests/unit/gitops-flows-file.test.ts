import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { LineCounter, parse as parseYaml, parseDocument } from "yaml";
import { FLOW_CATEGORIES } from "../../provider/rules";
import {
  DEFAULTS_KEYS,
  FLOW_ENTRY_KEYS,
  FLOWS_FILE_KEYS,
  FlowsFileError,
  formatProblem,
  parseFlowsText,
  validateFlowsFile,
  type FlowsFileProblem,
} from "../../provider/gitops";
import { MAX_FLOWS_FILE_BYTES, readSource } from "../../provider/gitops/source";
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
    [
      [3, "", "YAML syntax error: Flow sequence"],
      [3, "", "YAML syntax error: Flow map"],
    ],
  ],
  [
    "a duplicate resource name (a YAML duplicate key)",
    lines(
      "version: 1",
      "flows:",
      "  a: {flowId: '1234567890123401', name: x}",
      "  a: {flowId: '1234567890123402', name: y}",
    ),
    [[4, "", "Map keys must be unique"]],
  ],
  ["tabs as indentation", "version: 1\nflows:\n\ta:\n", [[3, "", "YAML syntax error"]]],
  [
    "missing version and flows",
    "defaults: {}\n",
    [
      [1, "", "version is missing"],
      [1, "", "flows is missing"],
    ],
  ],
  [
    "unknown top-level key, wrong version",
    lines("version: 2", "flow:", "  a: {flowId: '1234567890123401', name: x}"),
    [
      [1, "", "flows is missing"],
      [1, "version", "Write version: 1"],
      [2, "flow", "flow is not a flows file key (did you mean flows?)"],
    ],
  ],
  ["flows as a list", lines("version: 1", "flows:", "  - flowId: '1234567890123401'"), [[3, "flows", "not a list"]]],
  ["flows empty", lines("version: 1", "flows: {}"), [[2, "flows", "flows is empty"]]],
  [
    "defaults with a per-flow field and a typo",
    lines(
      "version: 1",
      "defaults:",
      "  name: x",
      "  regoin: EU",
      "flows:",
      "  a: {flowId: '1234567890123401', name: x}",
    ),
    [
      [3, "defaults.name", "Set name on each flow instead"],
      [4, "defaults.regoin", "did you mean region?"],
    ],
  ],
  [
    "bad account values in defaults",
    lines(
      "version: 1",
      "defaults:",
      "  sid: HX-AP",
      "  region: US",
      "  apiDomain: https://api.in.kaleyra.io/v2",
      "flows:",
      "  a: {flowId: '1234567890123401', name: x}",
    ),
    [
      [3, "defaults.sid", "is not a Kaleyra SID"],
      [4, "defaults.region", "is not a Kaleyra pod"],
      [5, "defaults.apiDomain", "has a path, query or fragment after the host"],
    ],
  ],
  [
    "a bad category, pointed at by index",
    lines("version: 1", "flows:", "  sign-up:", '    flowId: "1234567890123451"', "    categories: [SIGN_UP, SIGNUP]"),
    [[5, "flows.sign-up.categories[1]", '"SIGNUP" is not a Kaleyra flow category (did you mean SIGN_UP?)']],
  ],
  [
    "categories in block style, two bad",
    lines(
      "version: 1",
      "flows:",
      "  s:",
      '    flowId: "1234567890123401"',
      "    categories:",
      "      - sruvey",
      "      - OTHER",
      "      - 7",
    ),
    [
      [6, "flows.s.categories[0]", "did you mean SURVEY?"],
      [8, "flows.s.categories[2]", "7 is not a Kaleyra flow category"],
    ],
  ],
  [
    "empty categories",
    lines("version: 1", "flows:", "  s:", '    flowId: "1234567890123401"', "    categories: []"),
    [[5, "flows.s.categories", "categories is empty"]],
  ],
  [
    "http endpoint, credentials in endpoint",
    lines(
      "version: 1",
      "flows:",
      "  a:",
      '    flowId: "1234567890123401"',
      "    endpointUri: http://x.example.com/e",
      "  b:",
      '    flowId: "1234567890123402"',
      "    endpointUri: https://u:p@x.example.com/e",
    ),
    [
      [5, "flows.a.endpointUri", "WhatsApp only calls https endpoints"],
      [8, "flows.b.endpointUri", "holds credentials"],
    ],
  ],
  [
    "unknown field, nothing to manage, missing flowId",
    lines("version: 1", "flows:", "  a:", '    flowId: "1234567890123401"', "    nmae: x", "  b:", "    name: y"),
    [
      [3, "flows.a", "nothing to manage"],
      [5, "flows.a.nmae", "nmae is not a FlowMetadata input (did you mean name?)"],
      [6, "flows.b", "flowId is required"],
    ],
  ],
  ["a flow with no fields", lines("version: 1", "flows:", "  a:"), [[3, "flows.a", "has no fields"]]],
  [
    "a field with no value",
    lines("version: 1", "flows:", "  a:", '    flowId: "1234567890123401"', "    name:"),
    [[5, "flows.a.name", "name has no value"]],
  ],
  [
    "invalid resource name",
    lines("version: 1", "flows:", "  sign up!:", '    flowId: "1234567890123401"', "    name: x"),
    [[3, 'flows["sign up!"]', "is not a valid resource name"]],
  ],
  [
    "flowId not digits, a name read as a number",
    lines("version: 1", "flows:", "  a:", "    flowId: abc", "    name: 2024"),
    [
      [4, "flows.a.flowId", "is not a string of digits"],
      [5, "flows.a.name", 'quote it: name: "2024"'],
    ],
  ],
  [
    "an unquoted unsafe flowId",
    lines("version: 1", "flows:", "  a:", "    flowId: 12345678901234567", "    name: x"),
    [
      [
        4,
        "flows.a.flowId",
        'flowId 12345678901234567 is not a safe integer: YAML reads an unquoted id as a number, which JavaScript rounds to 12345678901234568, so it is not the id you wrote. Quote it: flowId: "12345678901234567"',
      ],
    ],
  ],
  [
    "the same flowId twice in the default account",
    lines(
      "version: 1",
      "flows:",
      "  a:",
      '    flowId: "1234567890123451"',
      "    name: A",
      "  b:",
      '    flowId: "1234567890123451"',
      "    name: B",
    ),
    [[7, "flows.b.flowId", 'flowId "1234567890123451" is already declared by flows.a (line 3)']],
  ],
  [
    "the same flowId twice for one SID, one from defaults, once as a number",
    lines(
      "version: 1",
      "defaults: {sid: HXAP16XXXXXX97IN}",
      "flows:",
      "  a:",
      '    flowId: "1234567890123451"',
      "    name: A",
      "  b:",
      "    flowId: 1234567890123451",
      "    name: B",
      "    sid: HXAP16XXXXXX97IN",
    ),
    [[8, "flows.b.flowId", "already declared by flows.a (line 4) in account HXAP16XXXXXX97IN"]],
  ],
  [
    "the same name twice in one account (after trimming)",
    lines(
      "version: 1",
      "flows:",
      "  a:",
      '    flowId: "1234567890123401"',
      "    name: Sign up",
      "  b:",
      '    flowId: "1234567890123402"',
      '    name: " Sign up"',
    ),
    [
      [
        8,
        "flows.b.name",
        'name "Sign up" is already used by flows.a (line 3): flow names are unique within a WhatsApp Business Account',
      ],
    ],
  ],
  [
    "strict JSON: a trailing comma",
    '{"version": 1,\n "flows": {"a": {"flowId": "1234567890123401", "name": "x"},}\n}',
    [[2, "", "JSON syntax error"]],
  ],
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
    expect(
      describeProblems(problems)
        .split("\n")
        .map((l) => l.replace(/: .*$/, "")),
    ).toEqual([
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
    const { flows, entries, problems } = parseFlowsText(GOOD, "flows.yaml");
    expect(problems).toEqual([]);
    // A file of FlowMetadata entries only: `entries` holds the same as `flows`.
    expect(entries).toEqual(flows);
    expect(flows).toEqual([
      {
        kind: "FlowMetadata",
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
        kind: "FlowMetadata",
        resourceName: "survey",
        file: "flows.yaml",
        line: 12,
        args: { flowId: "1234567890123453", categories: ["OTHER", "SURVEY"], sid: "HXEU16XXXXXX42EU", region: "EU" },
      },
      {
        kind: "FlowMetadata",
        resourceName: "web.sign_up-2",
        file: "flows.yaml",
        line: 17,
        args: {
          flowId: "1234567890123454",
          name: "Sign up",
          sid: "HXEU16XXXXXX42EU",
          region: "IN",
          apiDomain: "http://127.0.0.1:4010",
        },
      },
    ]);
  });

  test("reads JSON, with lines, and spots an unsafe number from the text", () => {
    const json = JSON.stringify(
      { $schema: "./schema.json", version: 1, flows: { a: { flowId: "1234567890123451", name: "A" } } },
      null,
      2,
    );
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
    const at = (id: string) =>
      parseFlowsText(lines("version: 1", "flows:", "  a:", `    flowId: ${id}`, "    name: x"), "f.yaml").problems;
    expect(at("9007199254740993")[0].message).toContain("flowId 9007199254740993 is not a safe integer");
    expect(at("9007199254740993")[0].message).toContain("rounds to 9007199254740992");
    expect(at("9007199254740991")).toEqual([]);
    expect(at('"9007199254740993"')).toEqual([]);
    // Not digits, though YAML reads a number: the id is not what was written.
    expect(at("0x10")[0].message).toContain("flowId 0x10 is read by YAML as the number 16");
  });

  test("flows on different SIDs may share an id and a name", () => {
    const text = lines(
      "version: 1",
      "flows:",
      "  a: {flowId: '1234567890123401', name: X, sid: HXAAA}",
      "  b: {flowId: '1234567890123401', name: X, sid: HXBBB}",
      "  c: {flowId: '1234567890123401', name: X}",
    );
    expect(parseFlowsText(text, "f.yaml").problems).toEqual([]);
  });

  test("aliases are followed for values and locations", () => {
    const text = lines(
      "version: 1",
      "flows:",
      "  a:",
      "    flowId: '1234567890123401'",
      "    categories: &cats [SIGN_UP]",
      "  b:",
      "    flowId: '1234567890123402'",
      "    categories: *cats",
    );
    expect(parseFlowsText(text, "f.yaml")).toMatchObject({
      problems: [],
      flows: [{ args: { categories: ["SIGN_UP"] } }, { args: { categories: ["SIGN_UP"] } }],
    });
    // A problem reached through an alias points at the anchored value, where it can be fixed.
    const bad = lines(
      "version: 1",
      "flows:",
      "  a:",
      "    flowId: '1234567890123401'",
      "    name: &n [x]",
      "  b:",
      "    flowId: '1234567890123402'",
      "    name: *n",
    );
    expect(parseFlowsText(bad, "f.yaml").problems.map((p) => `${p.line}:${p.column} ${p.path}`)).toEqual([
      "5:14 flows.a.name",
      "5:14 flows.b.name",
    ]);
  });

  test("locates every flow of a large map, each problem at its own line and column", () => {
    const flows = Array.from({ length: 300 }, (_, i) => `  f${i}: {flowId: '${1234567890123000 + i}', nmae: x}`);
    const { problems } = parseFlowsText(lines("version: 1", "flows:", ...flows), "f.yaml");
    const unknown = problems.filter((p) => p.message.startsWith("nmae is not"));
    expect(unknown.map((p) => `${p.line}:${p.column} ${p.path}`)).toEqual(
      flows.map((flow, i) => `${i + 3}:${flow.indexOf("nmae") + 1} flows.f${i}.nmae`),
    );
  });

  test("a __proto__ key is a key like any other: reported, and no prototype is touched", () => {
    const { problems } = parseFlowsText(
      lines(
        "version: 1",
        "__proto__: {polluted: true}",
        "flows:",
        "  a: {flowId: '1234567890123401', name: A, __proto__: 1}",
      ),
      "f.yaml",
    );
    expect(problems.map((p) => `${p.line}:${p.column} ${p.path}`)).toEqual(["2:1 __proto__", "4:44 flows.a.__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("reading the file", () => {
  /** Line and column of each problem whose message holds `fragment`. */
  const at = (problems: readonly FlowsFileProblem[], fragment: string) =>
    problems.filter((p) => p.message.includes(fragment)).map((p) => `${p.line}:${p.column}`);

  // Duplicate keys are found in one pass of this package's (the parser's own check compares each key with every
  // earlier key of its map); they must be the ones the parser finds, at the places it finds them.
  const DUPLICATES: ReadonlyArray<[what: string, text: string]> = [
    ["a duplicate top-level key", "a: 1\nb: 2\na: 3\n"],
    ["duplicates in a large map, several times", Array.from({ length: 30 }, (_, i) => `k${i % 12}: ${i}`).join("\n")],
    ["quoted and plain keys that are the same string", "a: 1\n'a': 2\n\"a\": 3\n"],
    ["1 and '1' differ; 1 and 0x1 do not", "1: a\n'1': b\n0x1: c\n"],
    ["NaN keys are never equal", ".nan: 1\n.NaN: 2\n"],
    ["null keys", "~: 1\nnull: 2\n: 3\n"],
    ["keys with anchors and tags", "a: 1\n&x a: 2\n!!str a: 3\n"],
    ["flow maps", "{a: 1, b: {c: 1, c: 2}, a: 3}"],
    ["nested maps, inner duplicates before outer ones", "x:\n  a: 1\n  a: 2\ny: 1\nx: 2\n"],
    ["explicit keys", "? a\n: 1\n? a\n: 2\n"],
    ["maps as keys are never equal", "? {a: 1}\n: 1\n? {a: 1}\n: 2\n"],
    ["pairs in a flow list", "[a: 1, a: 2]"],
    ["a duplicate next to another error", "a: 1\na: [\n"],
    ["%YAML 1.1 merge keys", "%YAML 1.1\n---\na: &a {x: 1}\nb:\n  <<: *a\n  y: 2\n  y: 3\n"],
  ];

  test.each(DUPLICATES)("duplicate keys as the parser finds them: %s", (_what, text) => {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter, prettyErrors: false });
    const where = (errors: typeof doc.errors) =>
      errors.map((e) => lineCounter.linePos(e.pos[0])).map(({ line, col }) => `${line}:${col}`);
    const { problems } = parseFlowsText(text, "f.yaml");
    expect(at(problems, "Map keys must be unique")).toEqual(
      where(doc.errors.filter((e) => e.code === "DUPLICATE_KEY")),
    );
    expect(problems.filter((p) => p.message.startsWith("YAML syntax error")).length).toBe(
      doc.errors.length + doc.warnings.length,
    );
  });

  test("duplicate keys in JSON: the same error, at the key", () => {
    const { problems } = parseFlowsText(
      '{"version": 1,\n "flows": {"a": {"flowId": "1234567890123401", "flowId": "1"}},\n "version": 1}',
      "f.json",
    );
    expect(problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([
      "2:48 YAML syntax error: Map keys must be unique (each key may appear once in a map; a flow's resource name may appear once under flows).",
      "3:2 YAML syntax error: Map keys must be unique (each key may appear once in a map; a flow's resource name may appear once under flows).",
    ]);
  });

  const FLOW = "flowId: '1234567890123401'";
  test("an anchor aliased 999 times is read; 1,000 times, the parser's guard stops it", () => {
    const file = (aliases: number) =>
      lines(
        "version: 1",
        "flows:",
        `  a: {${FLOW}, categories: &c [SURVEY]}`,
        ...Array.from({ length: aliases }, (_, i) => `  b${i}: {flowId: '${1234567890124000 + i}', categories: *c}`),
      );
    const read = parseFlowsText(file(999), "f.yaml");
    expect(read.problems).toEqual([]);
    expect(read.flows[999].args.categories).toEqual(["SURVEY"]);
    expect(parseFlowsText(file(1000), "f.yaml").problems).toEqual([
      {
        file: "f.yaml",
        line: 1,
        column: 1,
        path: "",
        message: "the file cannot be read: Excessive alias count indicates a resource exhaustion attack",
      },
    ]);
  });

  test("an anchor holds a scalar, or a list or map of scalars: a billion laughs is one problem, at once", () => {
    const laughs = [
      "version: 1",
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      ...Array.from(
        { length: 8 },
        (_, i) => `${"bcdefghi"[i]}: &${"bcdefghi"[i]} [${Array(10).fill(`*${"abcdefgh"[i]}`).join(", ")}]`,
      ),
    ];
    const { problems } = parseFlowsText(lines(...laughs), "f.yaml");
    expect(problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual(
      "bcdefghi"
        .split("")
        .map(
          (name, i) =>
            `${i + 3}:8 the YAML anchor &${name} holds an alias: in a flows file an anchor marks a scalar, or a list or map of scalars. Anchor the inner values instead.`,
        ),
    );
    expect(
      at(
        parseFlowsText(lines("version: 1", "x: &d {k: [1]}", "flows: *d"), "f.yaml").problems,
        "the YAML anchor &d holds a list",
      ),
    ).toEqual(["2:11"]);
    expect(
      at(parseFlowsText(lines("version: 1", "x: &d {}", "y: *d", "z: &s [[], {}]"), "f.yaml").problems, "holds"),
    ).toEqual(["4:8"]);
  });

  test("at most 5,000 anchors and aliases, and an alias must follow its anchor", () => {
    const file = (n: number) =>
      lines(
        "version: 1",
        "flows:",
        ...Array.from({ length: n }, (_, i) => `  f${i}: {flowId: &i${i} '${1234567890120000 + i}', name: N${i}}`),
      );
    expect(parseFlowsText(file(5000), "f.yaml").problems).toEqual([]);
    expect(parseFlowsText(file(5001), "f.yaml").problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([
      "5003:26 the file holds more than 5000 YAML anchors and aliases (&name, *name), more than a flows file may: write the values out.",
    ]);
    expect(
      parseFlowsText(lines("version: 1", "flows: *f", "x: &f {}"), "f.yaml").problems.map((p) => p.message),
    ).toEqual(["the file cannot be read: Unresolved alias (the anchor must be set before the alias): f"]);
  });

  test(`a file over ${MAX_FLOWS_FILE_BYTES / 1024 / 1024} MiB is refused before it is parsed; its size is counted in bytes`, () => {
    const refused = (size: string) => [
      {
        file: "f.yaml",
        line: 0,
        column: undefined,
        path: "",
        message: `the file is ${size} MiB, more than the 32.0 MiB a flows file may be: split it.`,
      },
    ];
    expect(parseFlowsText(`# ${"x".repeat(MAX_FLOWS_FILE_BYTES)}`, "f.yaml").problems).toEqual(refused("32.0"));
    // Two bytes of UTF-8 each: fewer characters than the limit, more bytes.
    expect(parseFlowsText(`#${"é".repeat(MAX_FLOWS_FILE_BYTES * 0.75)}`, "f.yaml").problems).toEqual(refused("48.0"));
    expect(formatProblem(parseFlowsText(" ".repeat(MAX_FLOWS_FILE_BYTES + 1), "f.json").problems[0])).toBe(
      "f.json: the file is 32.0 MiB, more than the 32.0 MiB a flows file may be: split it.",
    );
  });

  test("a document nested too deep for the parser is a problem, not a throw", () => {
    for (const [text, name] of [
      [`${"[".repeat(5000)}${"]".repeat(5000)}`, "f.json"],
      [Array.from({ length: 3000 }, (_, i) => `${" ".repeat(i)}a:`).join("\n"), "f.yaml"],
    ]) {
      const { problems } = parseFlowsText(text, name);
      expect(problems.length).toBeGreaterThan(0);
      expect(problems.every((p) => p.message.startsWith("YAML syntax error: "))).toBe(true);
    }
  });

  test("JSON's lone CR is a line break, as JSON has it", () => {
    const { flows, problems } = parseFlowsText(
      '{\r"version": 1,\r"flows": {\r"a": {"flowId": "1234567890123401", "name": 7}}}',
      "f.json",
    );
    expect(flows).toEqual([]);
    expect(problems.map((p) => `${p.line}:${p.column} ${p.path}`)).toEqual(["4:45 flows.a.name"]);
  });

  test("500 random JSON documents: the tree `yaml` reads is the one JSON.parse reads, at the places they are written", () => {
    // A fixed seed, so that a failure replays. Every value is found where the file writes it: its text parses back
    // to the value, a list or map starts with its bracket, and a member's key parses back to the key.
    let seed = 20261125;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const SPACE = ["", "", " ", "\n", "\r\n", "\r", "\t", "\n    ", "  \n\t"];
    const KEYS = [
      '"a"',
      '"b"',
      '"a\\u0062"',
      '"ab"',
      '"__proto__"',
      '""',
      '"1"',
      '"k\\"q"',
      '"\\u2028"',
      '"\u2028"',
      '"x y"',
      '"\\ud83d\\ude00"',
      '"😀"',
      '"é"',
    ];
    const SCALARS = [
      '"text"',
      '""',
      '"a\\nb"',
      '"\\"q\\" \\\\ \\/"',
      '"\u2028\u202e"',
      '"😀"',
      "0",
      "-0",
      "12",
      "-7",
      "1.5",
      "1e3",
      "-2.5E-3",
      "98765432109876543",
      "true",
      "false",
      "null",
    ];
    const value = (depth: number): string => {
      const roll = random();
      if (depth >= 4 || roll < 0.4) return pick(SCALARS);
      const size = Math.floor(random() * (random() < 0.2 ? 14 : 5));
      // Keys made unique, so that every document is valid and free of duplicates.
      const keys = [
        ...new Map(Array.from({ length: size }, () => pick(KEYS)).map((k) => [JSON.parse(k) as string, k])).values(),
      ];
      if (roll >= 0.75) return `[${keys.map(() => `${pick(SPACE)}${value(depth + 1)}`).join(",")}${pick(SPACE)}]`;
      return `{${keys.map((k) => `${pick(SPACE)}${k}${pick(SPACE)}:${pick(SPACE)}${value(depth + 1)}`).join(",")}${pick(SPACE)}}`;
    };
    const offsetOf = (text: string, { line, column }: { line: number; column: number }) => {
      const starts = [0];
      for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
      return starts[line - 1] + column - 1;
    };
    let compared = 0;
    for (let n = 0; n < 500; n++) {
      const text = `${pick(SPACE)}{"root": ${value(0)}}${pick(SPACE)}`;
      const read = readSource(text, "f.json");
      if (!read.ok) throw new Error(`${JSON.stringify(text)}: ${JSON.stringify(read.problems)}`);
      const { source } = read;
      const lf = text.replace(/\r(?!\n)/g, "\n");
      const visit = (v: unknown, path: Array<string | number>) => {
        const where = { text, path };
        const start = offsetOf(lf, source.locate(path));
        if (v !== null && typeof v === "object") {
          expect({ ...where, at: lf[start] }).toEqual({ ...where, at: Array.isArray(v) ? "[" : "{" });
          if (Array.isArray(v)) v.forEach((item, i) => visit(item, [...path, i]));
          else for (const [key, item] of Object.entries(v)) visit(item, [...path, key]);
        } else
          expect({ ...where, scalar: JSON.parse(source.scalarSource(path)!.text) }).toEqual({ ...where, scalar: v });
        const last = path[path.length - 1];
        if (typeof last === "string") {
          const string = /"(?:[^"\\]|\\.)*"/y;
          string.lastIndex = offsetOf(lf, source.locateKey(path));
          expect({ ...where, key: JSON.parse(string.exec(lf)![0]) }).toEqual({ ...where, key: last });
        }
        compared++;
      };
      visit(source.value, []);
    }
    expect(compared).toBeGreaterThan(5000);
  });
});

describe("validateFlowsFile", () => {
  test("the example's flows.yaml is valid: three demo flows", () => {
    const { flows, problems } = validateFlowsFile(EXAMPLE);
    expect(describeProblems(problems)).toBe("");
    expect(flows.map((f) => [f.resourceName, f.args])).toEqual([
      [
        "sign-up",
        {
          flowId: "1234567890123451",
          name: "Sign up",
          categories: ["SIGN_UP"],
          endpointUri: "https://example.com/flows/sign-up",
          sid: "HXAP16DEMO0097IN",
          region: "IN",
        },
      ],
      [
        "book-appointment",
        {
          flowId: "1234567890123452",
          name: "Book an appointment",
          categories: ["APPOINTMENT_BOOKING"],
          sid: "HXAP16DEMO0097IN",
          region: "IN",
        },
      ],
      [
        "customer-survey",
        {
          flowId: "1234567890123453",
          name: "Customer survey",
          categories: ["SURVEY", "OTHER"],
          sid: "HXAP16DEMO0097IN",
          region: "IN",
        },
      ],
    ]);
  });

  test("a missing file is a problem, not a throw", () => {
    expect(validateFlowsFile("no/such/flows.yaml")).toEqual({
      flows: [],
      entries: [],
      problems: [
        { file: "no/such/flows.yaml", line: 0, path: "", message: "cannot read the flows file: no such file." },
      ],
    });
    expect(formatProblem(validateFlowsFile("nope.yaml").problems[0])).toBe(
      "nope.yaml: cannot read the flows file: no such file.",
    );
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
const CHECKED = new Set([
  "$ref",
  "type",
  "const",
  "enum",
  "oneOf",
  "anyOf",
  "pattern",
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
  "minItems",
  "items",
  "required",
  "properties",
  "additionalProperties",
  "minProperties",
  "propertyNames",
  "if",
  "then",
  "else",
]);

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
    const target = schema.$ref
      .replace(/^#\//, "")
      .split("/")
      .reduce<unknown>((node, key) => (node as Schema)[key], root);
    return schemaErrors(target as Schema, value, root, at);
  }
  const errors: string[] = [];
  const fail = (why: string) => errors.push(`${at}: ${why}`);
  if (schema.if !== undefined) {
    const branch = schemaErrors(schema.if as Schema, value, root, at).length === 0 ? schema.then : schema.else;
    if (branch !== undefined) errors.push(...schemaErrors(branch as Schema, value, root, at));
  }
  const kind =
    value === null ? "null" : Array.isArray(value) ? "array" : Number.isInteger(value) ? "integer" : typeof value;
  if (schema.type !== undefined && !(schema.type === kind || (schema.type === "number" && kind === "integer")))
    fail(`type ${kind}, wanted ${String(schema.type)}`);
  if ("const" in schema && value !== schema.const) fail(`not ${String(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) fail(`${String(value)} not in enum`);
  if (
    Array.isArray(schema.oneOf) &&
    schema.oneOf.filter((s) => schemaErrors(s as Schema, value, root, at).length === 0).length !== 1
  )
    fail("not exactly one of oneOf");
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some((s) => schemaErrors(s as Schema, value, root, at).length === 0))
    fail("none of anyOf");
  if (typeof value === "string") {
    if (typeof schema.minLength === "number" && value.length < schema.minLength) fail("too short");
    if (typeof schema.maxLength === "number" && Array.from(value).length > schema.maxLength) fail("too long");
    if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(value))
      fail(`does not match ${schema.pattern}`);
  }
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum) fail("below minimum");
    if (typeof schema.maximum === "number" && value > schema.maximum) fail("above maximum");
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === "number" && value.length < schema.minItems) fail("too few items");
    if (schema.items)
      value.forEach((item, i) => errors.push(...schemaErrors(schema.items as Schema, item, root, `${at}[${i}]`)));
  }
  if (kind === "object") {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const name of (schema.required ?? []) as string[]) if (!(name in object)) fail(`missing ${name}`);
    if (typeof schema.minProperties === "number" && Object.keys(object).length < schema.minProperties)
      fail("too few properties");
    for (const [key, item] of Object.entries(object)) {
      if (schema.propertyNames)
        errors.push(...schemaErrors(schema.propertyNames as Schema, key, root, `${at} key ${key}`));
      if (properties[key]) errors.push(...schemaErrors(properties[key], item, root, `${at}.${key}`));
      else if (schema.additionalProperties === false) fail(`unknown property ${key}`);
      else if (schema.additionalProperties)
        errors.push(...schemaErrors(schema.additionalProperties as Schema, item, root, `${at}.${key}`));
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
    const unknown = [...keywordsOf(schema)].filter(
      (k) =>
        !ANNOTATIONS.has(k) &&
        !CHECKED.has(k) &&
        !(k in defs) &&
        !(k in properties) &&
        !(INPUT_PROPERTIES as readonly string[]).includes(k),
    );
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
    expect((flowProps.flowId.oneOf as Schema[])[0].pattern).toBe(
      `^[1-9][0-9]{${FLOW_ID_DIGITS.min - 1},${FLOW_ID_DIGITS.max - 1}}$`,
    );
    expect(flowProps.name.maxLength).toBe(NAME_MAX_LENGTH);
    expect(defs.allowPublishedUpdate.type).toBe("boolean");
    expect(flowProps.endpointUri).toMatchObject({ format: "uri", pattern: "^https://" });
    expect(defs.region.enum).toEqual(["IN", "SG", "EU", "in", "sg", "eu"]);

    // An entry with flowJson is a whole Flow: the schema picks its definition by that key, as the validator does.
    const entry = properties.flows.additionalProperties as Schema;
    expect(entry).toEqual({
      if: { required: ["flowJson"] },
      then: { $ref: "#/$defs/wholeFlow" },
      else: { $ref: "#/$defs/flow" },
    });
    const whole = defs.wholeFlow;
    expect(Object.keys(whole.properties as object).sort()).toEqual([...FLOW_ENTRY_KEYS].sort());
    expect(whole.required).toEqual(["name", "categories", "flowJson"]);
    expect(whole.additionalProperties).toBe(false);
    const wholeProps = whole.properties as Record<string, Schema>;
    for (const shared of ["flowId", "name", "categories", "endpointUri"]) {
      expect(wholeProps[shared]).toEqual({ $ref: `#/$defs/flow/properties/${shared}` });
    }
    expect(wholeProps.wabaId).toEqual({ $ref: "#/$defs/wabaId" });
    expect((defs.wabaId.oneOf as Schema[])[0].pattern).toBe(
      `^[1-9][0-9]{${FLOW_ID_DIGITS.min - 1},${FLOW_ID_DIGITS.max - 1}}$`,
    );
    expect(wholeProps.publish.type).toBe("boolean");
    expect(wholeProps.deprecateOnDelete.type).toBe("boolean");
    expect(wholeProps.flowJson.type).toBe("string");
    // Each Flow-only key is described, for editors.
    for (const key of ["flowJson", "publish", "deprecateOnDelete"])
      expect(wholeProps[key].description).toEqual(expect.any(String));
    expect(defs.wabaId.description).toEqual(expect.any(String));
    expect((properties.defaults.properties as Record<string, Schema>).wabaId.$ref).toBe("#/$defs/wabaId");
  });

  test("every flows file in examples/ matches it", () => {
    const examples = filesUnder(join(ROOT, "examples")).filter((f) => /(^|\/)flows[^/]*\.(ya?ml|json)$/.test(f));
    expect(examples.length).toBeGreaterThan(0);
    for (const file of examples) {
      const value = parseYaml(readFileSync(file, "utf8"));
      expect({ file: relative(ROOT, file), errors: schemaErrors(schema, value, schema) }).toEqual({
        file: relative(ROOT, file),
        errors: [],
      });
      expect(validateFlowsFile(file).problems).toEqual([]);
    }
  });

  test("agrees with the validator on entries with flowJson, good and bad", () => {
    const signUp = readFileSync(join(ROOT, "tests", "fixtures", "flow-json", "sign-up.json"), "utf8");
    const validate = (text: string) => parseFlowsText(text, "flows.yaml", { readFlowJson: () => signUp }).problems;
    const whole = '{name: A, categories: [OTHER], flowJson: flows/a.json, flowId: "1234567890123451"}';
    const good = lines(
      "version: 1",
      'defaults: {wabaId: "1029384756102938", sid: HXAP16XXXXXX97IN}',
      "flows:",
      `  a: ${whole}`,
      "  b: {name: B, categories: [SURVEY], flowJson: b.json, publish: true, deprecateOnDelete: true}",
      '  c: {flowId: "1234567890123453", name: C}',
    );
    expect(validate(good)).toEqual([]);
    expect(schemaErrors(schema, parseYaml(good), schema)).toEqual([]);
    const bad: Array<[string, string]> = [
      ["no categories", "{name: A, flowJson: a.json, flowId: '1234567890123451'}"],
      ["an unknown key", whole.replace("name: A", "name: A, colour: red")],
      ["an absolute path", whole.replace("flows/a.json", "/srv/a.json")],
      ["a Windows absolute path", whole.replace("flows/a.json", "'C:\\a.json'")],
      ["a blank path", whole.replace("flows/a.json", "'  '")],
      ["publish not a boolean", whole.replace("name: A", "name: A, publish: 'yes'")],
      ["a bad wabaId", whole.replace("name: A", "name: A, wabaId: '0123'")],
      ["a Flow key on a FlowMetadata", '{flowId: "1234567890123453", name: C, publish: true}'],
    ];
    for (const [title, entry] of bad) {
      const text = lines("version: 1", "flows:", `  a: ${entry}`);
      expect({
        title,
        validator: validate(text).length > 0,
        schema: schemaErrors(schema, parseYaml(text), schema).length > 0,
      }).toEqual({ title, validator: true, schema: true });
    }
  });

  test("agrees with the validator on a good file and on bad files", () => {
    expect(schemaErrors(schema, parseYaml(GOOD), schema)).toEqual([]);
    // Bad files the schema can see (shape and values, not duplicates or unsafe numbers).
    const schemaVisible = BAD.filter(
      ([title]) => !/syntax|duplicate|tabs|twice|unsafe|empty file|trailing comma/.test(title),
    );
    for (const [title, text] of schemaVisible) {
      expect({ title, rejected: schemaErrors(schema, parseYaml(text), schema).length > 0 }).toEqual({
        title,
        rejected: true,
      });
    }
  });
});
