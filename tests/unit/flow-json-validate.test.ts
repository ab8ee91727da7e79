/**
 * Checking a Flow JSON: the schema (components, actions, versions, screen ids) and the rules a schema cannot say
 * (unique ids, a terminal screen, navigate and routing targets, the endpoint), every problem at once, each at its
 * pointer and, for text, its line and column.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { FlowJsonContext, FlowJsonProblem, parseFlowJson, validateFlowJson } from "../../provider/flow-json";
import { UNKNOWN } from "../../provider/rules";

const FIXTURES = join(__dirname, "..", "fixtures", "flow-json");
const SIGN_UP = readFileSync(join(FIXTURES, "sign-up.json"), "utf8");
const BOOKING = readFileSync(join(FIXTURES, "book-appointment.json"), "utf8");
const NO_ENDPOINT: FlowJsonContext = { endpointUri: undefined };
const ENDPOINT: FlowJsonContext = { endpointUri: "https://flows.example.com/booking" };

/** The 1-based line and column of the one `needle` in `text`, moved `shift` characters on. */
function positionOf(text: string, needle: string, shift = 0): { line: number; column: number } {
  expect(text.split(needle)).toHaveLength(2);
  const offset = text.indexOf(needle) + shift;
  const before = text.slice(0, offset);
  return { line: before.split("\n").length, column: offset - before.lastIndexOf("\n") };
}

/** `text` with its one `from` replaced by `to` (failing loudly when `from` is not there exactly once). */
function edit(text: string, from: string, to: string): string {
  expect(text.split(from)).toHaveLength(2);
  return text.replace(from, to);
}

/** Parses `text` (it must parse) and validates it. */
function check(text: string, context: FlowJsonContext = NO_ENDPOINT): FlowJsonProblem[] {
  const parsed = parseFlowJson(text);
  if (!parsed.ok) throw new Error(`does not parse: ${JSON.stringify(parsed.problems)}`);
  return validateFlowJson(parsed.value, context, parsed.text);
}

describe("valid Flow JSON", () => {
  test("a static flow of five screens (no endpoint) has no problems", () => {
    expect(check(SIGN_UP)).toEqual([]);
  });

  test("a static flow with an endpointUri has no problems: Meta keeps the endpoint and never calls it", () => {
    expect(check(SIGN_UP, ENDPOINT)).toEqual([]);
  });

  test("an endpoint flow with data_api_version 3.0 and a routing_model has no problems", () => {
    expect(check(BOOKING, ENDPOINT)).toEqual([]);
  });

  test("the same checks hold for the value, without positions", () => {
    expect(validateFlowJson(JSON.parse(SIGN_UP), NO_ENDPOINT)).toEqual([]);
    expect(validateFlowJson(JSON.parse(BOOKING), ENDPOINT)).toEqual([]);
  });

  test("every publishable version and both data API versions pass", () => {
    for (const version of ["5.1", "6.0", "6.1", "6.2", "6.3", "7.0", "7.1", "7.2", "7.3"]) {
      expect(check(edit(SIGN_UP, '"version": "7.3"', `"version": "${version}"`))).toEqual([]);
    }
    expect(check(edit(BOOKING, '"data_api_version": "3.0"', '"data_api_version": "4.0"'), ENDPOINT)).toEqual([]);
  });
});

/** One minimal change to a valid fixture and the one problem it must cause. */
interface Case {
  readonly title: string;
  readonly fixture?: "sign-up" | "booking";
  /** The change: `from` replaced by `to` in the fixture's text, or `change` applied to its value (then printed). */
  readonly from?: string;
  readonly to?: string;
  readonly change?: (flow: any) => void;
  readonly context?: FlowJsonContext;
  readonly pointer: string;
  /** Fragments the message must hold (the fix). */
  readonly says: readonly string[];
  /** Where the problem must be placed: the one occurrence of this text in the edited text, moved `shift` on. */
  readonly at: string;
  readonly shift?: number;
}

const CASES: readonly Case[] = [
  {
    title: "an unknown component type suggests the closest",
    from: '{ "type": "TextHeading", "text": "Earn points on every order" }',
    to: '{ "type": "TextHeadng", "text": "Earn points on every order" }',
    pointer: "/screens/0/layout/children/0/type",
    says: ['/screens/0/layout/children/0/type: "TextHeadng" is not a component type; did you mean "TextHeading"?'],
    at: '"type": "TextHeadng"',
  },
  {
    title: "a component type nothing is close to lists the types",
    from: '{ "type": "TextHeading", "text": "Earn points on every order" }',
    to: '{ "type": "Carousel3D", "text": "Earn points on every order" }',
    pointer: "/screens/0/layout/children/0/type",
    says: ['"Carousel3D" is not a component type: use one of TextHeading,', "NavigationList"],
    at: '"type": "Carousel3D"',
  },
  {
    title: "a version Meta does not publish",
    from: '"version": "7.3"',
    to: '"version": "4.0"',
    pointer: "/version",
    says: ['"4.0" is not a Flow JSON version: use one of "5.1"', '"7.3" is recommended'],
    at: '"version"',
  },
  {
    title: "a version written as a number",
    from: '"version": "7.3"',
    to: '"version": 7.3',
    pointer: "/version",
    says: ['write it as a string: "7.3"'],
    at: '"version"',
  },
  {
    title: "no version",
    from: '"version": "7.3",',
    to: "",
    pointer: "/version",
    says: ['missing: the Flow JSON needs "version"'],
    at: "{",
  },
  {
    title: "no screens",
    change: (flow) => delete flow.screens,
    pointer: "/screens",
    says: ['missing: the Flow JSON needs "screens"'],
    at: "{",
  },
  {
    title: "an empty screens list",
    change: (flow) => (flow.screens = []),
    pointer: "/screens",
    says: ["must be the screens: a non-empty list of screen objects, got an empty list"],
    at: '"screens"',
  },
  {
    title: "an unknown root property suggests the closest",
    from: '"version": "7.3",',
    to: '"version": "7.3", "routing_modle": {},',
    pointer: "/routing_modle",
    says: ['the Flow JSON has no property "routing_modle"; did you mean "routing_model"?'],
    at: '"routing_modle"',
  },
  {
    title: "an unknown data API version",
    fixture: "booking",
    context: ENDPOINT,
    from: '"data_api_version": "3.0"',
    to: '"data_api_version": "2.0"',
    pointer: "/data_api_version",
    says: ['"2.0" is not a data API version: use one of "3.0", "4.0"'],
    at: '"data_api_version"',
  },
  {
    title: "a screen without a layout",
    change: (flow) => delete flow.screens[1].layout,
    pointer: "/screens/1/layout",
    says: ['missing: a screen needs "layout"', "SingleColumnLayout"],
    at: '{\n      "id": "TERMS"',
  },
  {
    title: "a screen id Meta refuses",
    from: '"id": "WELCOME"',
    to: '"id": "WELCOME-2"',
    pointer: "/screens/0/id",
    says: ["letters and underscores only", 'got "WELCOME-2"'],
    at: '"id": "WELCOME-2"',
  },
  {
    title: "SUCCESS as a screen id",
    from: '"id": "WELCOME"',
    to: '"id": "SUCCESS"',
    pointer: "/screens/0/id",
    says: ['"SUCCESS" is not allowed here', '("SUCCESS" is reserved)'],
    at: '"id": "SUCCESS"',
  },
  {
    title: "an unknown screen property suggests the closest",
    from: '"title": "Confirm",',
    to: '"titel": "Confirm",',
    pointer: "/screens/4/titel",
    says: ['a screen has no property "titel"; did you mean "title"?'],
    at: '"titel"',
  },
  {
    title: "a layout type Meta does not have",
    change: (flow) => (flow.screens[4].layout.type = "TwoColumnLayout"),
    pointer: "/screens/4/layout/type",
    says: ['"TwoColumnLayout" is not a layout type: use "SingleColumnLayout"'],
    at: '"type": "TwoColumnLayout"',
  },
  {
    title: "a component without a required property",
    from: '{ "type": "TextInput", "name": "first_name", "label": "First name",',
    to: '{ "type": "TextInput", "name": "first_name",',
    pointer: "/screens/2/layout/children/0/children/0/label",
    says: ['missing: a TextInput component needs "label", the label shown to the user'],
    at: '{ "type": "TextInput", "name": "first_name"',
  },
  {
    title: "an option without a title",
    from: '{ "id": "north", "title": "North Quay" }',
    to: '{ "id": "north" }',
    pointer: "/screens/2/layout/children/0/children/4/data-source/0/title",
    says: ['missing: an option needs "title"'],
    at: '{ "id": "north" }',
  },
  {
    title: "a boolean property given a word",
    from: '"markdown": false',
    to: '"markdown": false, "strikethrough": "yes"',
    pointer: "/screens/0/layout/children/1/strikethrough",
    says: ['must be true or false, or a dynamic value such as "${data.name}"', 'got "yes"'],
    at: '"strikethrough"',
  },
  {
    title: "an enum property with a typo",
    from: '"input-type": "email"',
    to: '"input-type": "emial"',
    pointer: "/screens/2/layout/children/0/children/2/input-type",
    says: ['got "emial"; did you mean "email"?'],
    at: '"input-type": "emial"',
  },
  {
    title: "an unknown action name",
    from: '"name": "complete"',
    to: '"name": "completed"',
    pointer: "/screens/4/layout/children/2/on-click-action/name",
    says: ['"completed" is not an action name; did you mean "complete"?'],
    at: '"name": "completed"',
  },
  {
    title: "a navigate action without next",
    from: '"on-click-action": { "name": "navigate", "next": { "type": "screen", "name": "TERMS" }, "payload": {} }',
    to: '"on-click-action": { "name": "navigate", "payload": {} }',
    pointer: "/screens/0/layout/children/2/on-click-action/next",
    says: ['missing: a navigate action needs "next"'],
    at: '"on-click-action": { "name": "navigate", "payload": {} }',
  },
  {
    title: "an open_url action without a url",
    fixture: "booking",
    context: ENDPOINT,
    from: '{ "name": "open_url", "url": "https://example.com/privacy" }',
    to: '{ "name": "open_url" }',
    pointer: "/screens/2/layout/children/0/children/2/on-click-action/url",
    says: ['missing: an open_url action needs "url"'],
    at: '"on-click-action": { "name": "open_url" }',
  },
  {
    title: "two screens with one id",
    from: '"id": "WELCOME"',
    to: '"id": "DETAILS"',
    pointer: "/screens/2/id",
    says: ['"DETAILS" is already the id of /screens/0/id: screen ids must be unique'],
    // The second "id": "DETAILS" is the repeat.
    at: '"id": "DETAILS",\n      "title": "Your details"',
  },
  {
    title: "no terminal screen",
    from: '"terminal": true,',
    to: '"terminal": false,',
    pointer: "/screens",
    says: ['no screen has "terminal": true'],
    at: '"screens"',
  },
  {
    title: "a navigate action to a screen that does not exist",
    from: '"next": { "type": "screen", "name": "PREFERENCES" }',
    to: '"next": { "type": "screen", "name": "PREFERENCE" }',
    pointer: "/screens/2/layout/children/0/children/5/on-click-action/next/name",
    says: ['"PREFERENCE" is not the id of a screen in this flow; did you mean "PREFERENCES"?'],
    at: '"name": "PREFERENCE"',
  },
  {
    title: "a navigate action to a screen nothing is close to",
    from: '"next": { "type": "screen", "name": "PREFERENCES" }',
    to: '"next": { "type": "screen", "name": "CHECKOUT" }',
    pointer: "/screens/2/layout/children/0/children/5/on-click-action/next/name",
    says: [
      '"CHECKOUT" is not the id of a screen in this flow',
      'a navigate action opens one of its screens: "WELCOME", "TERMS"',
    ],
    at: '"name": "CHECKOUT"',
  },
  {
    title: "a routing_model key that is not a screen",
    fixture: "booking",
    context: ENDPOINT,
    from: '"DETAILS": ["SUMMARY"]',
    to: '"DETAILS": ["SUMMARY"], "PAYMENT": []',
    pointer: "/routing_model/PAYMENT",
    says: ['"PAYMENT" is not the id of a screen in this flow'],
    at: '"PAYMENT"',
  },
  {
    title: "a routing_model target that is not a screen",
    fixture: "booking",
    context: ENDPOINT,
    from: '"DETAILS": ["SUMMARY"]',
    to: '"DETAILS": ["SUMMARI"]',
    pointer: "/routing_model/DETAILS/0",
    says: ['"SUMMARI" is not the id of a screen in this flow; did you mean "SUMMARY"?'],
    at: '"SUMMARI"',
  },
  {
    title: "data_api_version without a routing_model",
    fixture: "booking",
    context: ENDPOINT,
    from: '"routing_model": {\n    "APPOINTMENT": ["DETAILS"],\n    "DETAILS": ["SUMMARY"],\n    "SUMMARY": []\n  },',
    to: "",
    pointer: "/data_api_version",
    says: ["a flow with data_api_version needs a routing_model"],
    at: '"data_api_version"',
  },
  {
    title: "data_api_version on a flow without endpointUri",
    fixture: "booking",
    context: NO_ENDPOINT,
    from: '"version": "7.3",',
    to: '"version": "7.3",',
    pointer: "/data_api_version",
    says: ["set endpointUri: a flow with data_api_version calls its endpoint"],
    at: '"data_api_version"',
  },
  {
    title: "data_channel_uri, which endpointUri replaced",
    fixture: "booking",
    context: ENDPOINT,
    from: '"data_api_version": "3.0",',
    to: '"data_api_version": "3.0",\n  "data_channel_uri": "https://flows.example.com/booking",',
    pointer: "/data_channel_uri",
    says: ["data_channel_uri is not used from Flow JSON 3.0 on", "set the flow's endpointUri instead"],
    at: '"data_channel_uri"',
  },
];

describe.each(CASES)("$title", (c) => {
  const base = c.fixture === "booking" ? BOOKING : SIGN_UP;
  const flow = JSON.parse(base);
  c.change?.(flow);
  const text = c.change ? JSON.stringify(flow, null, 2) : edit(base, c.from!, c.to!);
  const context = c.context ?? NO_ENDPOINT;

  test("is one problem at its pointer, with its fix, at its line and column", () => {
    const problems = check(text, context);
    expect(problems).toHaveLength(1);
    const [problem] = problems;
    expect(problem.pointer).toBe(c.pointer);
    for (const fragment of c.says) expect(problem.message).toContain(fragment);
    const at = c.at === "{" ? { line: 1, column: 1 } : positionOf(text, c.at, c.shift);
    expect({ line: problem.line, column: problem.column }).toEqual(at);
  });

  test("is found the same in the value, without a position", () => {
    const problems = validateFlowJson(JSON.parse(text), context);
    expect(problems.map(({ pointer }) => pointer)).toEqual([c.pointer]);
    expect(problems[0].line).toBeUndefined();
  });
});

describe("the endpoint", () => {
  test("an endpointUri not known yet skips both endpoint rules", () => {
    for (const endpointUri of ["unknown", UNKNOWN]) {
      expect(check(SIGN_UP, { endpointUri })).toEqual([]);
      expect(check(BOOKING, { endpointUri })).toEqual([]);
    }
  });

  test("routing_model is still required when the endpoint is not known yet", () => {
    const text = edit(BOOKING, '"routing_model": {', '"routing_modelx": {');
    expect(check(text, { endpointUri: "unknown" }).map((p) => p.pointer)).toEqual([
      "/data_api_version",
      "/routing_modelx",
    ]);
  });
});

describe("every problem at once", () => {
  test("three distinct problems give three, in the order they are written", () => {
    let text = edit(SIGN_UP, '"version": "7.3"', '"version": "7.9"');
    text = edit(text, '"type": "TextSubheading"', '"type": "Subheading"');
    text = edit(
      text,
      '"next": { "type": "screen", "name": "CONFIRM" }',
      '"next": { "type": "screen", "name": "DONE" }',
    );
    const problems = check(text);
    expect(problems.map((p) => p.pointer)).toEqual([
      "/version",
      "/screens/3/layout/children/0/type",
      "/screens/3/layout/children/5/on-click-action/next/name",
    ]);
    expect(problems.map((p) => p.line)).toEqual([
      positionOf(text, '"version"').line,
      positionOf(text, '"type": "Subheading"').line,
      positionOf(text, '"name": "DONE"').line,
    ]);
  });

  test("a problem on each screen is reported for each screen, sorted by position", () => {
    const flow = JSON.parse(SIGN_UP);
    for (const screen of flow.screens) screen.layout.type = "TwoColumnLayout";
    const text = JSON.stringify(flow, null, 2);
    const problems = check(text);
    expect(problems.map((p) => p.pointer)).toEqual(
      flow.screens.map((_: unknown, i: number) => `/screens/${i}/layout/type`),
    );
    const lines = problems.map((p) => p.line!);
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
  });

  test("without text, problems follow the order of the value", () => {
    const flow = JSON.parse(SIGN_UP);
    flow.screens[3].layout.children[0].type = "Subheading";
    flow.version = "9.9";
    delete flow.screens[4].terminal;
    expect(validateFlowJson(flow, NO_ENDPOINT).map((p) => p.pointer)).toEqual([
      "/version",
      "/screens",
      "/screens/3/layout/children/0/type",
    ]);
  });

  test("past 100 problems the rest are counted, not listed", () => {
    const flow = JSON.parse(SIGN_UP);
    flow.screens[0].layout.children = Array.from({ length: 150 }, () => ({ type: "Nothing" }));
    const problems = validateFlowJson(flow, NO_ENDPOINT);
    expect(problems).toHaveLength(101);
    expect(problems[100]).toEqual({ pointer: "", message: "and 50 more problems: fix these first." });
  });
});

describe("messages", () => {
  test("never show more than about 60 characters of a string from the input", () => {
    const long = "X".repeat(500);
    const text = edit(SIGN_UP, '"id": "CONFIRM"', `"id": "${long}"`);
    const problems = check(text);
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) expect(problem.message).not.toContain("X".repeat(61));
  });

  test("show control characters escaped, on one line", () => {
    const text = edit(SIGN_UP, '"id": "CONFIRM"', '"id": "CON\\u2028FIRM\\u202e"');
    for (const { message } of check(text)) expect(message).not.toMatch(/[\u2028\u202e\n]/);
  });
});
