/**
 * Reading a Flow JSON: strict JSON text (syntax errors placed by line and column, repeated keys refused at the
 * repeat, the size cap checked before parsing) and plain values from a program.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describeProblem, FlowJsonProblem, MAX_FLOW_JSON_BYTES, parseFlowJson } from "../../provider/flow-json";

const FIXTURES = join(__dirname, "..", "fixtures", "flow-json");
const SIGN_UP = readFileSync(join(FIXTURES, "sign-up.json"), "utf8");

/** The 1-based line and column of the one `needle` in `text`, moved `shift` characters on. */
function positionOf(text: string, needle: string, shift = 0): { line: number; column: number } {
  expect(text.split(needle)).toHaveLength(2);
  const offset = text.indexOf(needle) + shift;
  const before = text.slice(0, offset);
  return { line: before.split("\n").length, column: offset - before.lastIndexOf("\n") };
}

/** The problems of a text that must not parse. */
function problemsOf(input: unknown): FlowJsonProblem[] {
  const result = parseFlowJson(input);
  if (result.ok) throw new Error("expected the input to be refused");
  return result.problems;
}

/** `text` with its one `from` replaced by `to` (failing loudly when `from` is not there exactly once). */
function edit(text: string, from: string, to: string): string {
  expect(text.split(from)).toHaveLength(2);
  return text.replace(from, to);
}

describe("parseFlowJson (text)", () => {
  test("a valid Flow JSON gives its value and its text", () => {
    const result = parseFlowJson(SIGN_UP);
    expect(result).toEqual({ ok: true, value: JSON.parse(SIGN_UP), text: SIGN_UP });
  });

  test.each([
    [
      "a trailing comma",
      '"markdown": false',
      '"markdown": false,',
      "false,",
      "a trailing comma before }: remove the comma",
      5,
    ],
    ["a comment", '"version": "7.3",', '"version": "7.3", // latest', "// latest", "JSON has no comments"],
    ["a missing comma", '"title": "Your details",', '"title": "Your details"', '"data": {}', "a comma (,) is missing"],
    ["single quotes", '"title": "Confirm"', "\"title\": 'Confirm'", "'Confirm'", "strings take double quotes"],
    ["NaN", '"max-selected-items": 3', '"max-selected-items": NaN', "NaN", "not NaN, Infinity or undefined"],
    ["an unclosed string", '"title": "Coffee"', '"title": "Coffee', '"Coffee', "a string is not closed"],
  ])("%s is a syntax error placed at its line and column", (_title, from, to, at, fix, shift = 0) => {
    const text = edit(SIGN_UP, from, to);
    const [first] = problemsOf(text);
    expect(first).toMatchObject(positionOf(text, at, shift));
    expect(first.message).toContain("JSON syntax error");
    expect(first.message).toContain(fix);
  });

  test("a syntax error names the pointer around it, and describeProblem says where", () => {
    const text = edit(SIGN_UP, '"markdown": false', '"markdown": false,');
    const [problem] = problemsOf(text);
    expect(problem.pointer).toBe("/screens/0/layout/children/1/markdown");
    const { line, column } = positionOf(text, "false,", 5);
    expect(describeProblem(problem, "flows/sign-up.json")).toBe(
      `flows/sign-up.json line ${line}, column ${column}, at /screens/0/layout/children/1/markdown`,
    );
  });

  test("several syntax errors on different lines are all reported", () => {
    const text = edit(
      edit(SIGN_UP, '"title": "Your details",', '"title": "Your details"'),
      '"markdown": false',
      '"markdown": false,',
    );
    expect(problemsOf(text).length).toBeGreaterThanOrEqual(2);
  });

  test("a repeated key is refused at the repeat, with its pointer", () => {
    const text = edit(SIGN_UP, '"title": "Confirm",', '"title": "Confirm",\n      "title": "Done",');
    expect(problemsOf(text)).toEqual([
      {
        pointer: "/screens/4/title",
        message: expect.stringContaining('the key "title" is repeated in this object'),
        ...positionOf(text, '"title": "Done"'),
      },
    ]);
  });

  test("an escaped key repeats its plain form", () => {
    const problems = problemsOf('{"version": "7.3", "screens": [], "vers\\u0069on": "7.3"}');
    expect(problems).toEqual([expect.objectContaining({ pointer: "/version", line: 1, column: 35 })]);
  });

  test("the same key in two objects is fine", () => {
    expect(parseFlowJson('{"a": {"id": 1}, "b": {"id": 2}, "c": [{"id": 3}, {"id": 4}]}').ok).toBe(true);
  });

  test.each([
    ["a list", "[1, 2]", "got a list"],
    ["a string", '"flow"', "got a string"],
    ["null", "null", "got null"],
  ])("a root that is %s is refused", (_title, text, got) => {
    expect(problemsOf(text)).toEqual([{ pointer: "", message: expect.stringContaining(got), line: 1, column: 1 }]);
  });

  test("empty text and a byte order mark are explained", () => {
    expect(problemsOf("  \n")[0].message).toContain("the text is empty");
    expect(problemsOf("\uFEFF{}")[0].message).toContain("byte order mark");
  });

  test("nesting past the limit is refused with its position, without overflowing the stack", () => {
    const text = `{"a": ${"[".repeat(200_000)}${"]".repeat(200_000)}}`;
    expect(problemsOf(text)).toEqual([expect.objectContaining({ message: expect.stringContaining("deeper than") })]);
  });

  test("a message never shows more than about 60 characters of a string from the input", () => {
    const key = "k".repeat(500);
    const [problem] = problemsOf(`{"${key}": 1, "${key}": 2}`);
    expect(problem.message).not.toContain("k".repeat(61));
    expect(problem.message).toContain("(500 characters)");
  });
});

describe("the size cap", () => {
  // Built once: 5.2 million "é" are 10.4 MB of UTF-8 but only 5.2 million UTF-16 units.
  const big = "é".repeat(MAX_FLOW_JSON_BYTES / 2 + 100);

  test("text over 10 MB of UTF-8 is refused before it is parsed", () => {
    // Not even JSON: a syntax error would mean it was parsed.
    expect(problemsOf(`{${big}`)).toEqual([{ pointer: "", message: expect.stringContaining("more than the 10.0 MB") }]);
  });

  test("a value whose serialization is over 10 MB is refused", () => {
    expect(problemsOf({ version: "7.3", screens: [], note: big })).toEqual([
      { pointer: "", message: expect.stringContaining("more than the 10.0 MB Meta accepts") },
    ]);
  });
});

describe("parseFlowJson (value)", () => {
  test("a plain object is accepted as it is", () => {
    const value = JSON.parse(SIGN_UP);
    const result = parseFlowJson(value);
    expect(result).toEqual({ ok: true, value });
    expect(result.ok && result.value).toBe(value);
  });

  test("everything that is not plain JSON is reported at once, by pointer", () => {
    class Screen {}
    const problems = problemsOf({
      version: "7.3",
      screens: [{ id: "A", title: undefined, layout: new Screen() }],
      a: NaN,
      b: Infinity,
      c: () => 1,
      d: new Date(0),
      e: [1, , 3], // eslint-disable-line no-sparse-arrays
      f: 10n,
      g: Symbol("g"),
    });
    expect(problems.map((p) => p.pointer)).toEqual([
      "/screens/0/title",
      "/screens/0/layout",
      "/a",
      "/b",
      "/c",
      "/d",
      "/e/1",
      "/f",
      "/g",
    ]);
    expect(problems[1].message).toContain("a Screen is not plain JSON");
    expect(problems[5].message).toContain("toISOString()");
    for (const problem of problems) expect(problem.line).toBeUndefined();
  });

  test("a cycle is reported where it closes", () => {
    const flow: Record<string, unknown> = { version: "7.3" };
    flow.screens = [{ id: "A", back: flow }];
    expect(problemsOf(flow)).toEqual([
      {
        pointer: "/screens/0/back",
        message: "/screens/0/back: refers back to the root (a cycle): JSON cannot hold one.",
      },
    ]);
  });

  test("the same object twice is not a cycle", () => {
    const layout = { type: "SingleColumnLayout", children: [] };
    expect(parseFlowJson({ version: "7.3", screens: [{ layout }, { layout }] }).ok).toBe(true);
  });

  test.each([[[]], [null], [42], [undefined]])("a root of %p is refused", (value) => {
    expect(problemsOf(value)).toEqual([{ pointer: "", message: expect.stringContaining("must be an object") }]);
  });
});
