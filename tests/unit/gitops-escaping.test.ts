import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../provider/cli";
import {
  FlowsFileError,
  formatPath,
  formatProblem,
  parseFlowsText,
  type FlowsFileProblem,
} from "../../provider/gitops";
import { escapeControls, isPrintable, quote } from "../../provider/text/quote";

/**
 * A flows file is written by people and by tools, and read back in terminals, CI logs and
 * editors: a key or value holding a carriage return, an escape sequence or a bidi control
 * must not be able to rewrite or reorder the report. Every problem is one line of printable
 * characters, whatever the file holds.
 */

/** Hostile text: what each would do if printed raw. */
const HOSTILE: ReadonlyArray<[what: string, text: string]> = [
  ["CR (rewrites the line from its start)", "sign\rFAKE: all good"],
  ["LF (a second, forged line)", "sign\nflows.yaml:1:1 forged problem"],
  ["CRLF", "sign\r\nup"],
  ["ESC: erase line, cursor up", "x\u001b[2K\u001b[1Ay"],
  ["ESC: OSC 8 hyperlink", "\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007"],
  ["U+2028 line separator", "a\u2028b"],
  ["U+2029 paragraph separator", "a\u2029b"],
  ["U+202E right-to-left override", "sign\u202Epu-ngis"],
  ["U+2066 isolate", "a\u2066b\u2069c"],
  ["zero-width space", "name\u200B"],
  ["BOM", "\uFEFFflows"],
  ["lone high surrogate", "a\uD800b"],
  ["lone low surrogate", "a\uDC00b"],
  ["NUL", "a\u0000b"],
  ["tab", "a\tb"],
  ["DEL and C1 NEL", "a\u007Fb\u0085c"],
  ["a very long key", "k".repeat(5000)],
  ["a very long key of controls", "\u001b".repeat(3000)],
];

/** Every UTF-16 unit outside printable ASCII (and `"`, `\`) as a YAML double-quoted escape. */
function yamlString(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    out +=
      unit >= 0x20 && unit < 0x7f && unit !== 0x22 && unit !== 0x5c
        ? text[i]
        : `\\u${unit.toString(16).padStart(4, "0")}`;
  }
  return `"${out}"`;
}

/** How a string is written in each syntax: YAML double-quoted escapes, or JSON. */
const SYNTAXES: ReadonlyArray<[file: string, write: (text: string) => string]> = [
  ["flows.yaml", yamlString],
  ["flows.json", (text) => JSON.stringify(text)],
];

/**
 * Documents placing hostile text `h` where a problem points at it (the documents are JSON
 * shaped, which is YAML too, so one template serves both syntaxes). `quoted`: this module
 * shows the text itself in the path or message (the rules of ../rules show values
 * their own way, and some do not show them at all: a SID may be a secret).
 */
const PLACES: ReadonlyArray<[where: string, quoted: boolean, doc: (h: string, s: (text: string) => string) => string]> =
  [
    [
      "a top-level key",
      true,
      (h, s) => `{"version": 1, ${s(h)}: 1, "flows": {"a": {"flowId": "1234567890123451", "name": "A"}}}`,
    ],
    [
      "a resource name",
      true,
      (h, s) => `{"version": 1, "flows": {${s(h)}: {"flowId": "1234567890123451", "name": "A"}}}`,
    ],
    ["a resource name with no fields", true, (h, s) => `{"version": 1, "flows": {${s(h)}: null}}`],
    ["a resource name of a list", true, (h, s) => `{"version": 1, "flows": {${s(h)}: [1]}}`],
    [
      "a field name",
      true,
      (h, s) => `{"version": 1, "flows": {"a": {"flowId": "1234567890123451", "name": "A", ${s(h)}: 1}}}`,
    ],
    [
      "a defaults key",
      true,
      (h, s) => `{"version": 1, "defaults": {${s(h)}: 1}, "flows": {"a": {"flowId": "1234567890123451", "name": "A"}}}`,
    ],
    [
      "the version",
      true,
      (h, s) => `{"version": ${s(h)}, "flows": {"a": {"flowId": "1234567890123451", "name": "A"}}}`,
    ],
    [
      "a name used twice",
      true,
      (h, s) =>
        `{"version": 1, "flows": {"a": {"flowId": "1234567890123451", "name": ${s(`x${h}`)}}, "b": {"flowId": "1234567890123452", "name": ${s(`x${h}`)}}}}`,
    ],
    ["a string as the flows", true, (h, s) => `{"version": 1, "flows": ${s(h)}}`],
    ["a flow id", false, (h, s) => `{"version": 1, "flows": {"a": {"flowId": ${s(h)}, "name": "A"}}}`],
    [
      "a category",
      false,
      (h, s) => `{"version": 1, "flows": {"a": {"flowId": "1234567890123451", "categories": [${s(h)}]}}}`,
    ],
    [
      "a region",
      false,
      (h, s) => `{"version": 1, "flows": {"a": {"flowId": "1234567890123451", "name": "A", "region": ${s(h)}}}}`,
    ],
    [
      "an endpoint",
      false,
      (h, s) => `{"version": 1, "flows": {"a": {"flowId": "1234567890123451", "endpointUri": ${s(h)}}}}`,
    ],
    [
      "a SID",
      false,
      (h, s) =>
        `{"version": 1, "defaults": {"sid": ${s(h)}}, "flows": {"a": {"flowId": "1234567890123451", "name": "A"}}}`,
    ],
  ];

/** What a report line must be: one line, printable, and (unless a file name) cut short: a quoted key or value is at most 80 code points, each escaped in at most 10 characters. */
function expectSafe(line: string, maxLength = 4000): void {
  expect(line).not.toMatch(/[\r\n\u2028\u2029]/);
  expect({ line: line.slice(0, 200), printable: isPrintable(line) }).toEqual({
    line: line.slice(0, 200),
    printable: true,
  });
  expect(line.length).toBeLessThan(maxLength);
}

function expectSafeProblem(problem: FlowsFileProblem, maxLength?: number): void {
  expectSafe(formatProblem(problem), maxLength);
  // The parts too: --json prints them, and tools print them their own way.
  expect(isPrintable(problem.message)).toBe(true);
  expect(isPrintable(problem.path)).toBe(true);
}

describe("hostile keys and values: every problem is one printable line", () => {
  const cases = HOSTILE.flatMap(([what, text]) =>
    PLACES.map(([where, quoted, doc]) => [what, where, text, quoted, doc] as const),
  );

  test.each(cases)("%s as %s", (_what, _where, text, quoted, doc) => {
    for (const [name, write] of SYNTAXES) {
      // (Some are no problem at all: a long resource name of letters, a SID with a BOM
      // the rules trim away.)
      const { problems } = parseFlowsText(doc(text, write), name);
      problems.forEach((problem) => expectSafeProblem(problem));
      // The text is shown, escaped, not dropped: the start of quote()'s escaping of it.
      if (quoted && problems.length > 0)
        expect(problems.map(formatProblem).join("\n")).toContain(quote(text).slice(1, 30));
      // FlowsFileError prints the same lines under a one-line header.
      if (problems.length === 0) continue;
      const error = new FlowsFileError(problems);
      expect(error.message.split("\n")).toHaveLength(problems.length + 1);
      error.message.split("\n").forEach((line) => expectSafe(line));
    }
  });

  test.each(HOSTILE)("%s, written raw in the file (a syntax error or a value)", (_what, text) => {
    const raw = [
      ["flows.yaml", `version: 1\nflows:\n  a:\n    flowId: "1234567890123451"\n    name: ${text}\n`],
      ["flows.yaml", `version: 1\nflows:\n  ${text}:\n    flowId: "1234567890123451"\n`],
      ["flows.yaml", `version: 1\n${text}\n`],
      ["flows.yaml", `version: 1\nflows: !${text} x\n`],
      ["flows.json", `{"version": 1, "flows": {"${text}": {"flowId": "1234567890123451", "name": "A"}}}`],
      ["flows.json", `{"version": 1, "flows": {"a": {"flowId": ${text}}}}`],
      ["flows.json", `{"version": 1, ${text}}`],
    ];
    for (const [name, file] of raw)
      parseFlowsText(file, name).problems.forEach((problem) => expectSafeProblem(problem));
  });

  test.each(HOSTILE)("%s in a file name", (_what, text) => {
    // A file name is printed whole (editors and CI link to it), escaped.
    const file = `dir/${text}.yaml`;
    const { problems } = parseFlowsText("version: 1\nflows:\n  a: {flowId: x}\n", file);
    expect(problems.length).toBeGreaterThan(0);
    problems.forEach((problem) => expectSafeProblem(problem, 20_000));
    expect(formatProblem(problems[0]).startsWith(`${escapeControls(file)}:3:`)).toBe(true);
    new FlowsFileError(problems).message.split("\n").forEach((line) => expectSafe(line, 20_000));
  });

  test("a parser message quoting the file is escaped and cut", () => {
    // V8's JSON.parse quotes the text around the error; YAML quotes an unknown tag.
    const json = parseFlowsText(
      `{"version": 1, "flows": {"a\u2028\u202E": x${"y".repeat(5000)}}}`,
      "flows.json",
    ).problems;
    expect(json).toHaveLength(1);
    expect(json[0].message).toMatch(/^JSON syntax error: /);
    expectSafeProblem(json[0], 400);
    const tag = parseFlowsText(`version: 1\nflows: !t\u202E${"z".repeat(5000)} x\n`, "flows.yaml").problems;
    expect(tag.length).toBeGreaterThan(0);
    tag.forEach((problem) => expectSafeProblem(problem, 400));
  });

  test("messages keep their wording: plain keys as they are, others quoted", () => {
    const { problems } = parseFlowsText(
      [
        "version: 1",
        "colour: x",
        '"col\\u202Eour": y',
        "flows:",
        "  a:",
        '    flowId: "1234567890123451"',
        "    name: A",
        "    nmae: x",
        '    "nmae\\u200B": y',
      ].join("\n"),
      "flows.yaml",
    );
    expect(
      problems.map(
        (p) => `${p.path}: ${p.message.replace(/ \(did you mean.*$|\. The keys are.*$|\. Inputs are.*$/, "")}`,
      ),
    ).toEqual([
      "colour: colour is not a flows file key",
      '["col\\u{202e}our"]: "col\\u{202e}our" is not a flows file key',
      "flows.a.nmae: nmae is not a FlowMetadata input",
      'flows.a["nmae\\u{200b}"]: "nmae\\u{200b}" is not a FlowMetadata input',
    ]);
    // The suggestion is made from the key as written: a zero-width space does not hide it.
    expect(problems[3].message).toContain("(did you mean name?)");
  });

  test("formatPath quotes and cuts a key that is not a plain word", () => {
    expect(formatPath(["flows", "web.sign-up", "name"])).toBe('flows["web.sign-up"].name');
    expect(formatPath(["flows", "a\nb", "categories", 1])).toBe('flows["a\\nb"].categories[1]');
    expect(formatPath(["flows", "\u202E"])).toBe('flows["\\u{202e}"]');
    expect(formatPath(["flows", "k".repeat(100)])).toBe(`flows["${"k".repeat(80)}..." (100 characters)]`);
  });
});

describe("the CLI prints one line per problem and a count, and --json stays JSON", () => {
  let work: string;
  beforeAll(() => (work = mkdtempSync(join(tmpdir(), "kaleyra-escaping-"))));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  function cli(args: string[]): { code: number; stdout: string; stderr: string } {
    let stdout = "";
    let stderr = "";
    const code = runCli(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
    return { code, stdout, stderr };
  }

  test.each(["yaml", "json"])("a %s file full of hostile keys and values", (syntax) => {
    const s = syntax === "yaml" ? yamlString : (text: string) => JSON.stringify(text);
    const flows = HOSTILE.map(
      ([, text], i) =>
        `${s(`${text}${i}`)}: {"flowId": ${s(text)}, "name": ${s(text)}, ${s(`x${text}`)}: 1, "categories": [${s(text)}]}`,
    );
    const file = join(work, `hostile.${syntax}`);
    writeFileSync(
      file,
      `{"version": 1, ${s(HOSTILE[3][1])}: 1, "defaults": {${s(HOSTILE[0][1])}: 1}, "flows": {${flows.join(", ")}}}`,
    );

    const text = cli(["validate", file]);
    expect(text.code).toBe(1);
    expect(text.stdout).toBe("");
    const lines = text.stderr.split("\n");
    expect(lines.pop()).toBe(""); // the output ends with a line break
    const summary = lines.pop();
    expect(summary).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: \\d+ problems$`));
    const count = Number(/(\d+) problems$/.exec(summary!)![1]);
    expect(count).toBeGreaterThan(HOSTILE.length * 3);
    expect(lines).toHaveLength(count);
    lines.forEach((line) => {
      expect(line.startsWith(`${file}:`)).toBe(true);
      expectSafe(line);
    });

    const json = cli(["validate", "--json", file]);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { ok: boolean; problems: FlowsFileProblem[] };
    expect(report.ok).toBe(false);
    expect(report.problems).toHaveLength(count);
    report.problems.forEach((problem) => expectSafeProblem(problem));
    expect(report.problems.map(formatProblem)).toEqual(lines);
  });
});
