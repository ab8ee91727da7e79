/**
 * Entries with `flowJson` in a flows file: each declares a whole Flow, its fields held to the
 * Flow's rules (messages as `pulumi preview` words them), its Flow JSON file read and checked
 * with the entry's endpoint, every problem of that file reported in it, at its line, naming
 * the entry, together with the flows file's own problems.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import {
  checkFlowJsonText,
  FlowsFileError,
  formatProblem,
  parseFlowsText,
  validateFlowsFile,
  type FlowsFileFlowEntry,
  type FlowsFileProblem,
} from "../../provider/gitops";
import { validateFlowInputs, WABA_OR_FLOW_REQUIRED } from "../../provider/rules/flow-inputs";

const FIXTURES = join(__dirname, "..", "fixtures", "flow-json");
/** A static flow (no data_api_version): needs no endpoint. */
const SIGN_UP = readFileSync(join(FIXTURES, "sign-up.json"), "utf8");
/** A flow with data_api_version: needs the entry's endpointUri. */
const BOOKING = readFileSync(join(FIXTURES, "book-appointment.json"), "utf8");
const WABA = "1029384756102938";

const lines = (...rows: string[]) => rows.join("\n") + "\n";

let work: string;
let flowsFile: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "kaleyra-flow-entries-"));
  mkdirSync(join(work, "flows"));
  writeFileSync(join(work, "flows", "sign-up.json"), SIGN_UP);
  writeFileSync(join(work, "flows", "booking.json"), BOOKING);
  flowsFile = join(work, "flows.yaml");
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Writes a flows file (and any JSON files) in the work folder and checks it, as validate does. */
function check(text: string, json: Record<string, string> = {}) {
  for (const [name, content] of Object.entries(json)) writeFileSync(join(work, "flows", name), content);
  writeFileSync(flowsFile, text);
  return validateFlowsFile(flowsFile);
}

/** Problems as `[file relative to the work folder, line, column, path]`, and their messages. */
const where = (problems: readonly FlowsFileProblem[]) =>
  problems.map((p) => [relative(work, p.file), p.line, p.column, p.path]);
const messages = (problems: readonly FlowsFileProblem[]) => problems.map((p) => p.message);

describe("an entry with flowJson is a Flow", () => {
  test("its args: the file's text, its name as problems name it, wabaId from defaults; flows keeps only FlowMetadata", () => {
    const { flows, entries, problems } = check(
      lines(
        "version: 1",
        `defaults: {sid: HXAP16XXXXXX97IN, region: in, wabaId: "${WABA}"}`,
        "flows:",
        "  sign-up:", //                                         4
        "    name: ' Sign up '",
        "    categories: [SIGN_UP, SIGN_UP, OTHER]",
        "    flowJson: flows/sign-up.json",
        "    publish: true",
        "    deprecateOnDelete: false",
        "  survey:", //                                          10
        '    flowId: "1234567890123453"',
        "    categories: [SURVEY]",
        "  booking:", //                                         13
        '    flowId: "1234567890123452"',
        '    wabaId: "2938475610293847"',
        "    name: Book",
        "    categories: [APPOINTMENT_BOOKING]",
        "    endpointUri: https://flows.example.com/booking",
        "    flowJson: ./flows/../flows/booking.json",
        "    allowPublishedUpdate: true",
      ),
    );
    expect(problems).toEqual([]);
    expect(entries.map((e) => [e.kind, e.resourceName, e.line])).toEqual([
      ["Flow", "sign-up", 4],
      ["FlowMetadata", "survey", 10],
      ["Flow", "booking", 13],
    ]);
    // The list code written before Flow entries reads: FlowMetadata entries only, as before.
    expect(flows.map((e) => e.resourceName)).toEqual(["survey"]);
    expect(flows[0].args).toEqual({
      flowId: "1234567890123453",
      categories: ["SURVEY"],
      sid: "HXAP16XXXXXX97IN",
      region: "IN",
    });

    const [signUp, , booking] = entries as FlowsFileFlowEntry[];
    expect(signUp.args).toEqual({
      sid: "HXAP16XXXXXX97IN",
      region: "IN",
      wabaId: WABA,
      name: "Sign up",
      categories: ["SIGN_UP", "OTHER"],
      flowJson: SIGN_UP,
      flowJsonFile: `${work}/flows/sign-up.json`,
      publish: true,
      deprecateOnDelete: false,
    });
    expect(signUp.flowJsonPath).toBe(join(work, "flows", "sign-up.json"));
    expect(signUp.file).toBe(flowsFile);
    // The entry's own wabaId wins over defaults; the path is normalized.
    expect(booking.args).toMatchObject({
      wabaId: "2938475610293847",
      flowId: "1234567890123452",
      endpointUri: "https://flows.example.com/booking",
      allowPublishedUpdate: true,
      flowJson: BOOKING,
      flowJsonFile: `${work}/flows/booking.json`,
    });
  });

  test("a relative flows file name gives relative Flow JSON names; the JSON is read from the flows file's folder", () => {
    const read: string[] = [];
    const { entries, problems } = parseFlowsText(
      lines("version: 1", "flows:", `  a: {wabaId: "${WABA}", name: A, categories: [OTHER], flowJson: json/a.json}`),
      "stacks/prod/flows.yaml",
      {
        readFlowJson: (path) => {
          read.push(path);
          return SIGN_UP;
        },
      },
    );
    expect(problems).toEqual([]);
    expect(read).toEqual([resolve("stacks/prod/json/a.json")]);
    expect((entries[0] as FlowsFileFlowEntry).args.flowJsonFile).toBe("stacks/prod/json/a.json");
    // baseDir, for a file checked before it is written (discover) or read from stdin.
    const elsewhere = parseFlowsText(
      lines("version: 1", "flows:", `  a: {wabaId: "${WABA}", name: A, categories: [OTHER], flowJson: a.json}`),
      "<stdin>",
      { baseDir: work, readFlowJson: (path) => (path === join(work, "a.json") ? SIGN_UP : "{") },
    );
    expect(elsewhere.problems).toEqual([]);
  });
});

describe("its Flow JSON's problems are reported in the JSON file, at their line, all at once", () => {
  test("schema and navigation problems: the JSON file, its line and column, the pointer, the entry named", () => {
    const broken = SIGN_UP.replace('"title": "Programme terms"', '"title": 7').replace(
      '"name": "PREFERENCES"',
      '"name": "PREFERENCE"',
    );
    const { entries, problems } = check(
      lines(
        "version: 1",
        `defaults: {wabaId: "${WABA}"}`,
        "flows:",
        "  sign-up:",
        "    name: Sign up",
        "    categories: [SIGNUP]", //                 6: a flows-file problem, reported with the JSON's
        "    flowJson: flows/broken.json", //         7
      ),
      { "broken.json": broken },
    );
    expect(entries).toEqual([]);
    const title = broken.split("\n").findIndex((line) => line.includes('"title": 7')) + 1;
    const next = broken.split("\n").findIndex((line) => line.includes('"PREFERENCE"')) + 1;
    expect(where(problems)).toEqual([
      ["flows.yaml", 6, 18, "flows.sign-up.categories[0]"],
      ["flows/broken.json", title, expect.any(Number), ""],
      ["flows/broken.json", next, expect.any(Number), ""],
    ]);
    expect(problems[1]).toMatchObject({ pointer: "/screens/1/title" });
    expect(problems[2].pointer).toMatch(
      /^\/screens\/2\/layout\/children\/0\/children\/5\/on-click-action\/next\/name$/,
    );
    for (const problem of problems.slice(1)) {
      expect(problem.message.startsWith(`flowJson of flows.sign-up (${flowsFile} line 7): /screens/`)).toBe(true);
    }
    expect(problems[2].message).toContain('"PREFERENCE" is not the id of a screen in this flow');
    // As a pre-commit hook prints it: file:line:col, then the message naming the entry.
    expect(formatProblem(problems[1])).toMatch(
      new RegExp(`^${escape(`${work}/flows/broken.json:${title}:`)}\\d+: flowJson of flows\\.sign-up \\(`),
    );
    // The FlowsFileError that stops `pulumi preview` lists both files.
    const error = new FlowsFileError(problems);
    expect(error.message.split("\n")[0]).toBe(
      `3 problems in ${flowsFile}, ${work}/flows/broken.json; no flow was declared:`,
    );
  });

  test("a syntax error: its line and column in the JSON file", () => {
    const { problems } = check(
      lines("version: 1", "flows:", `  a: {wabaId: "${WABA}", name: A, categories: [OTHER], flowJson: flows/bad.json}`),
      { "bad.json": '{\n  "version": "7.3",\n  "screens": [,]\n}\n' },
    );
    expect(where(problems)).toEqual([["flows/bad.json", 3, 15, ""]]);
    expect(problems[0].message).toMatch(/^flowJson of flows\.a \(.* line 3\): .*/);
  });

  test("the endpoint: data_api_version needs the entry's endpointUri; a refused endpointUri is reported once", () => {
    const entry = (endpoint: string) =>
      lines(
        "version: 1",
        "flows:",
        "  booking:",
        `    wabaId: "${WABA}"`,
        "    name: Book",
        "    categories: [APPOINTMENT_BOOKING]",
        "    flowJson: flows/booking.json",
        ...(endpoint ? [`    endpointUri: ${endpoint}`] : []),
      );
    const without = check(entry(""));
    expect(where(without.problems)).toEqual([["flows/booking.json", 3, 3, ""]]);
    expect(without.problems[0].message).toContain("set endpointUri: a flow with data_api_version calls its endpoint");
    expect(check(entry("https://flows.example.com/booking")).problems).toEqual([]);
    const refused = check(entry("http://flows.example.com/booking"));
    expect(where(refused.problems)).toEqual([["flows.yaml", 8, 18, "flows.booking.endpointUri"]]);
  });

  test("the same checks as the Flow resource: a clean file is clean, a bad one has the same problems", () => {
    expect(checkFlowJsonText(SIGN_UP, "sign-up.json")).toEqual([]);
    const standalone = checkFlowJsonText('{"version": "7.3", "screens": []}', "x.json");
    const { problems } = check(
      lines("version: 1", "flows:", `  a: {wabaId: "${WABA}", name: A, categories: [OTHER], flowJson: flows/x.json}`),
      { "x.json": '{"version": "7.3", "screens": []}' },
    );
    expect(problems.map((p) => p.message.replace(/^flowJson of flows\.a \([^)]*\): /, ""))).toEqual(
      standalone.map((p) => p.message),
    );
    expect(standalone.length).toBeGreaterThan(0);
  });
});

describe("its fields", () => {
  test("name, categories and a WABA or flow id are required, worded as the Flow's own check words them", () => {
    const required = new Map(validateFlowInputs({ flowJson: "{}" }).failures.map((f) => [f.property, f.reason]));
    const { problems } = check(lines("version: 1", "flows:", "  a:", "    flowJson: flows/sign-up.json"));
    expect(where(problems)).toEqual([
      ["flows.yaml", 3, 3, "flows.a"],
      ["flows.yaml", 3, 3, "flows.a"],
      ["flows.yaml", 3, 3, "flows.a"],
    ]);
    expect(messages(problems)).toEqual([
      required.get("name"),
      required.get("categories"),
      `${WABA_OR_FLOW_REQUIRED} In a flows file wabaId may also be set once, in defaults.`,
    ]);
    // A flowId alone, or a wabaId from defaults, is enough.
    const body = "name: A, categories: [OTHER], flowJson: flows/sign-up.json";
    expect(check(lines("version: 1", "flows:", `  a: {flowId: "1234567890123451", ${body}}`)).problems).toEqual([]);
    expect(check(lines("version: 1", `defaults: {wabaId: "${WABA}"}`, "flows:", `  a: {${body}}`)).problems).toEqual(
      [],
    );
  });

  test("a bad defaults.wabaId is reported there once, not on every flow; FlowMetadata entries never get it", () => {
    const body = "name: A, categories: [OTHER], flowJson: flows/sign-up.json";
    const { problems, entries } = check(
      lines(
        "version: 1",
        "defaults: {wabaId: 12345678901234567890}",
        "flows:",
        `  a: {${body}}`,
        `  b: {${body.replace("A,", "B,")}}`,
        '  c: {flowId: "1234567890123453", name: C}',
      ),
    );
    expect(where(problems)).toEqual([["flows.yaml", 2, 20, "defaults.wabaId"]]);
    expect(problems[0].message).toContain(
      "wabaId 12345678901234567890 is not a safe integer: YAML reads an unquoted id",
    );
    expect(problems[0].message).toContain('Quote it: wabaId: "12345678901234567890".');
    expect(entries.map((e) => e.resourceName)).toEqual(["c"]);
    const good = check(
      lines("version: 1", `defaults: {wabaId: "${WABA}"}`, "flows:", '  c: {flowId: "1234567890123453"}'),
    );
    expect(good.problems.map((p) => p.message)).toEqual([expect.stringContaining("nothing to manage")]);
    const metadata = check(
      lines("version: 1", `defaults: {wabaId: "${WABA}"}`, "flows:", '  c: {flowId: "1234567890123453", name: C}'),
    );
    expect(metadata.flows[0].args).toEqual({ flowId: "1234567890123453", name: "C" });
  });

  test("Flow-only rules, and keys: unknown ones with a suggestion, Flow keys on a FlowMetadata with the fix", () => {
    const { problems } = check(
      lines(
        "version: 1",
        "flows:",
        "  a:",
        `    wabaId: "${WABA}"`,
        "    name: A",
        "    categories: [OTHER]",
        "    flowJson: flows/sign-up.json",
        "    publish: yes please", //                 8
        "    deprecateOnDelete: 1", //                9
        "    publsh: true", //                       10
        "    flowJsonFile: x.json", //               11
        "  b:",
        '    flowId: "1234567890123452"',
        "    name: B",
        "    publish: true", //                      15
        "    wabaId: '1029384756102938'", //         16
      ),
    );
    expect(where(problems)).toEqual([
      ["flows.yaml", 8, 14, "flows.a.publish"],
      ["flows.yaml", 9, 24, "flows.a.deprecateOnDelete"],
      ["flows.yaml", 10, 5, "flows.a.publsh"],
      ["flows.yaml", 11, 5, "flows.a.flowJsonFile"],
      ["flows.yaml", 15, 5, "flows.b.publish"],
      ["flows.yaml", 16, 5, "flows.b.wabaId"],
    ]);
    const [publish, deprecate, typo, internal, flowOnly] = messages(problems);
    expect(publish).toMatch(/^publish must be true or false, got "yes please"\. publish: true publishes the flow/);
    expect(deprecate).toMatch(/^deprecateOnDelete must be true or false, got 1\./);
    expect(typo).toMatch(
      /^publsh is not a key of a flow with flowJson \(did you mean publish\?\)\. Its keys are wabaId, /,
    );
    expect(internal).toContain("flowJsonFile is set from flowJson: remove it.");
    expect(flowOnly).toBe(
      "publish is an input of a whole Flow, which an entry declares with flowJson (the path of its Flow JSON file). " +
        "Add flowJson: flows/<name>.json to manage the whole flow, or remove publish.",
    );
  });

  test.each([
    [
      "an absolute path",
      "flowJson: /etc/flow.json",
      "is an absolute path: write it relative to this flows file's folder",
    ],
    ["a Windows absolute path", "flowJson: 'C:\\flows\\a.json'", "is an absolute path"],
    ["an empty path", "flowJson: ''", "flowJson must be the path of the flow's Flow JSON file"],
    ["a number", "flowJson: 7", "flowJson must be the path of the flow's Flow JSON file"],
    ["no value", "flowJson:", "flowJson has no value. Give it one."],
    ["a file that is not there", "flowJson: flows/none.json", "the file"],
    ["a folder", "flowJson: flows", "is a folder, not a file"],
  ])("flowJson: %s", (_title, line, fragment) => {
    const { problems, entries } = check(
      lines(
        "version: 1",
        "flows:",
        "  a:",
        `    wabaId: "${WABA}"`,
        "    name: A",
        "    categories: [OTHER]",
        `    ${line}`,
      ),
    );
    expect(entries).toEqual([]);
    expect(where(problems)).toEqual([["flows.yaml", 7, expect.any(Number), "flows.a.flowJson"]]);
    expect(problems[0].message).toContain(fragment);
  });

  test("a missing file names the path it looked for, relative as the flows file was named", () => {
    const { problems } = parseFlowsText(
      lines("version: 1", "flows:", `  a: {wabaId: "${WABA}", name: A, categories: [OTHER], flowJson: none.json}`),
      "examples/flows.yaml",
    );
    expect(problems.map((p) => p.message)).toEqual([
      "flowJson: the file examples/none.json does not exist. Give the path of the flow's Flow JSON file relative to " +
        "this flows file's folder, e.g. flowJson: flows/sign-up.json.",
    ]);
  });
});

describe("duplicates are found across both kinds of entry", () => {
  test("one flow id declared by a Flow and a FlowMetadata; one name on a Flow and a FlowMetadata", () => {
    const { problems } = check(
      lines(
        "version: 1",
        "defaults: {sid: HXAP16XXXXXX97IN}",
        "flows:",
        "  whole:", //                                                            4
        '    flowId: "1234567890123451"',
        "    name: Sign up",
        "    categories: [SIGN_UP]",
        "    flowJson: flows/sign-up.json",
        "  metadata:",
        '    flowId: "1234567890123451"', //                                     10
        "    categories: [OTHER]",
        "  named:", //                                                           12
        '    flowId: "1234567890123452"',
        "    name: Sign up", //                                                  14
        "  new:",
        `    wabaId: "${WABA}"`,
        "    name: Sign up", //                                                  17
        "    categories: [SIGN_UP]",
        "    flowJson: flows/sign-up.json",
      ),
    );
    expect(where(problems)).toEqual([
      ["flows.yaml", 10, 13, "flows.metadata.flowId"],
      ["flows.yaml", 14, 11, "flows.named.name"],
      ["flows.yaml", 17, 11, "flows.new.name"],
    ]);
    expect(problems[0].message).toBe(
      'flowId "1234567890123451" is already declared by flows.whole (line 4) in account HXAP16XXXXXX97IN: two ' +
        "resources would manage one flow and undo each other's changes. Declare each flow once.",
    );
    expect(problems[2].message).toMatch(/^name "Sign up" is already used by flows\.whole \(line 4\)/);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
