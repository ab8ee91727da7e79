/**
 * Discovered flows as a flows file: what is declared, what is left out and why, and that the
 * text reads back, through the same checker `validate` uses, with zero problems and exactly
 * the values Kaleyra holds (so applying it changes nothing). Names come from a remote
 * answer: hostile ones must stay data, and every comment must stay on one line.
 */
import { parse } from "yaml";
import type { FlowDetails } from "../../provider/client/responses/flow-details";
import { planFlows, type FlowsPlan } from "../../provider/discover/plan";
import { renderFlowsFile, SCHEMA_COMMENT, type RenderContext } from "../../provider/discover/render";
import { verifyRendered } from "../../provider/discover/verify";
import { parseFlowsText, type FlowsFileArgs } from "../../provider/gitops/flows-file";

const WABA = "1029384756102938";
const SID = "HXAP16XXXXXX97IN";
const CONTEXT: RenderContext = { wabaId: WABA, sid: SID, generator: "pulumi-kaleyra-flows 9.9.9" };
const id = (n: number) => `12345678901234${String(n).padStart(2, "0")}`;
const flow = (n: number, fields: Partial<FlowDetails> = {}): FlowDetails => ({ id: id(n), status: "DRAFT", ...fields });

/** Every rendered text in this file goes through here: it must validate and read back exactly. */
function render(
  flows: readonly FlowDetails[],
  context: RenderContext = CONTEXT,
): { text: string; plan: FlowsPlan; read: Map<string, FlowsFileArgs> } {
  const plan = planFlows(flows);
  const text = renderFlowsFile(plan, context);
  const { flows: entries, problems } = parseFlowsText(text, "flows.yaml");
  expect(problems).toEqual([]);
  expect(verifyRendered(text, plan, context)).toEqual([]);
  expectSafeLines(text);
  const read = new Map(entries.map((entry) => [entry.resourceName, entry.args]));
  // Same values as planned, for every flow, and nothing else.
  expect([...read.keys()]).toEqual(plan.flows.map((f) => f.resourceName));
  for (const planned of plan.flows) {
    const args = read.get(planned.resourceName)!;
    expect(args.flowId).toBe(planned.flowId);
    expect(args.name).toBe(planned.values.name);
    expect(args.categories).toEqual(planned.values.categories);
    expect(args.endpointUri).toBe(planned.values.endpointUri);
    expect(args.sid).toBe(context.sid);
    expect(args.region).toBe(context.region);
    expect(args.apiDomain).toBeUndefined();
  }
  return { text, plan, read };
}

/** No line holds a control, separator, bidi or other invisible character: every comment is one line. */
function expectSafeLines(text: string): void {
  expect(text.endsWith("\n")).toBe(true);
  for (const line of text.slice(0, -1).split("\n")) {
    expect(line).not.toMatch(/[\p{Cc}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\uFEFF\u200B]/u);
  }
}

/** The comment lines of a text, without their `#`. */
const comments = (text: string) =>
  text
    .split("\n")
    .filter((line) => /^\s*#/.test(line))
    .map((line) => line.replace(/^\s*# ?/, ""));

const DEMO: FlowDetails[] = [
  flow(1, { name: "Sign up", categories: ["SIGN_UP"], endpointUri: "https://example.com/flows/sign-up" }),
  flow(2, { name: "Book an appointment", categories: ["APPOINTMENT_BOOKING"], status: "PUBLISHED" }),
  flow(3, { name: "Customer survey", categories: ["SURVEY", "OTHER"] }),
];

describe("the file", () => {
  test("header, defaults, flows sorted by resource name, ids quoted, status beside each id", () => {
    const { text } = render(DEMO);
    const lines = text.split("\n");
    expect(lines[0]).toBe(`# Flows of WhatsApp Business Account ${WABA} in Kaleyra account ${SID}: 3 flows.`);
    expect(text).toContain("Written by `pulumi-kaleyra-flows discover` (pulumi-kaleyra-flows 9.9.9)");
    expect(text).toContain("# Next:");
    expect(text).toContain("npx pulumi-kaleyra-flows validate flows.yaml");
    expect(text).toContain('kaleyra.declareFlows("flows.yaml")');
    expect(text).toContain("pulumi preview");
    expect(text).toContain("pulumi up");
    expect(text).toContain(`# ${SCHEMA_COMMENT}\n`);
    const body = text.slice(text.indexOf("version: 1"));
    expect(body).toBe(
      [
        "version: 1",
        "defaults:",
        `  sid: ${SID}`,
        "flows:",
        "  book-an-appointment:",
        `    flowId: "${id(2)}" # PUBLISHED: changing it needs allowPublishedUpdate: true (it may go back to DRAFT)`,
        "    name: Book an appointment",
        "    categories: [APPOINTMENT_BOOKING]",
        "",
        "  customer-survey:",
        `    flowId: "${id(3)}" # DRAFT`,
        "    name: Customer survey",
        "    categories: [SURVEY, OTHER]",
        "",
        "  sign-up:",
        `    flowId: "${id(1)}" # DRAFT`,
        "    name: Sign up",
        "    categories: [SIGN_UP]",
        "    endpointUri: https://example.com/flows/sign-up",
        "",
      ].join("\n"),
    );
  });

  test("region goes into defaults only when given; the API domain never, but the header says to set it", () => {
    const withRegion = render(DEMO, { ...CONTEXT, region: "EU" });
    expect(withRegion.text).toContain(`defaults:\n  sid: ${SID}\n  region: EU\n`);
    expect(withRegion.text.split("\n")[0]).toContain(`account ${SID}, region EU`);
    const viaDomain = render(DEMO, { ...CONTEXT, apiDomainSource: "--api-domain" });
    expect(viaDomain.text).not.toMatch(/apiDomain:|127\.0\.0\.1|http:\/\//);
    expect(comments(viaDomain.text)).toContain(
      "Read through the API domain given by --api-domain, which is not written here: give the stack the same kaleyra:apiDomain or KALEYRA_API_DOMAIN.",
    );
  });

  test("the file name given is used in the hints", () => {
    const { text } = render(DEMO, { ...CONTEXT, fileName: "stacks/prod/flows.yaml" });
    expect(text).toContain("npx pulumi-kaleyra-flows validate stacks/prod/flows.yaml");
    expect(text).toContain('kaleyra.declareFlows("stacks/prod/flows.yaml")');
  });

  test("stable: the same flows in any order give the same bytes", () => {
    const flows = [
      ...DEMO,
      flow(4, { name: "Sign up!", categories: ["OTHER"] }),
      flow(5, { name: "Old", status: "DEPRECATED" }),
    ];
    const first = render(flows).text;
    expect(render([...flows].reverse()).text).toBe(first);
    expect(render([flows[2], flows[4], flows[0], flows[3], flows[1]]).text).toBe(first);
  });

  test("repeated categories are written once (categories are compared as sets); order kept", () => {
    const { read } = render([flow(1, { name: "A", categories: ["SURVEY", "OTHER", "SURVEY"] })]);
    expect(read.get("a")!.categories).toEqual(["SURVEY", "OTHER"]);
  });

  test("a flow listed twice is written once", () => {
    const { plan } = render([DEMO[0], DEMO[0]]);
    expect(plan.flows).toHaveLength(1);
  });

  test("THROTTLED flows are declared, with the opt-in noted; DRAFT ones plainly", () => {
    const { text } = render([flow(1, { name: "T", status: "THROTTLED", categories: ["OTHER"] })]);
    expect(text).toContain(`flowId: "${id(1)}" # THROTTLED: changing it needs allowPublishedUpdate: true`);
  });

  test("no flow to declare: refused (a flows file needs one)", () => {
    expect(() => renderFlowsFile(planFlows([flow(1, { name: "Old", status: "BLOCKED" })]), CONTEXT)).toThrow(
      /no flow to write/,
    );
  });
});

describe("left out, with a comment saying why", () => {
  test("DEPRECATED and BLOCKED flows: named with id, name and status at the end", () => {
    const { text, plan } = render([
      ...DEMO,
      flow(7, { name: "Old sign up", status: "DEPRECATED", categories: ["SIGN_UP"] }),
      flow(8, { status: "BLOCKED", name: "Spam" }),
    ]);
    expect(plan.flows.map((f) => f.flowId)).not.toContain(id(7));
    expect(plan.leftOut.map((f) => [f.flowId, f.status])).toEqual([
      [id(7), "DEPRECATED"],
      [id(8), "BLOCKED"],
    ]);
    const lines = comments(text);
    expect(lines).toContain("Left out (2): these flows cannot be managed as Kaleyra holds them.");
    expect(lines.find((l) => l.includes(id(7)))).toMatch(
      /^- flow 12345678901234\d\d "Old sign up" \(DEPRECATED\): a DEPRECATED flow cannot take metadata changes/,
    );
    expect(lines.find((l) => l.includes(id(8)))).toMatch(/"Spam" \(BLOCKED\)/);
    expect(text.split("\n")[0]).toContain("3 flows, 2 left out (listed at the end)");
    // The left-out flows' ids appear only in comments.
    expect(text.split("\n").filter((l) => l.includes(id(7)) && !/^\s*#/.test(l))).toEqual([]);
  });

  test.each<[string, Partial<FlowDetails>, string, RegExp]>([
    [
      "a name with a control character",
      { name: "Sign\u0007up" },
      "name",
      /^not managed: name "Sign\\u\{7\}up" holds a control character, U\+0007/,
    ],
    [
      "a name with a line break",
      { name: "Sign\nup" },
      "name",
      /^not managed: name "Sign\\nup" holds a control character/,
    ],
    [
      "a name with a line separator",
      { name: "Sign\u2028up" },
      "name",
      /^not managed: name "Sign\\u\{2028\}up" holds a line or paragraph separator/,
    ],
    [
      "a name with a bidi control",
      { name: "abc\u202Edef" },
      "name",
      /^not managed: name "abc\\u\{202e\}def" holds a bidirectional control/,
    ],
    [
      "a name over 200 characters",
      { name: "n".repeat(201) },
      "name",
      /^not managed: name "n{80}\.\.\." \(201 characters\) has 201 characters; the limit is 200/,
    ],
    [
      "a name with white space around it",
      { name: " Sign up " },
      "name",
      /^not managed: name " Sign up " has white space around it, which this package trims: managing it would rename the flow/,
    ],
    ["an empty name", { name: "" }, "name", /^not managed: name is empty/],
    [
      "an unknown category",
      { categories: ["SIGN_UP", "LOGIN"] },
      "categories",
      /^not managed: categories: "LOGIN" is not a Kaleyra flow category/,
    ],
    ["no categories at all", { categories: [] }, "categories", /^not managed: categories is empty/],
    [
      "an http endpoint",
      { endpointUri: "http://example.com/x" },
      "endpointUri",
      /^not managed: endpointUri "http:\/\/example\.com\/x" uses "http"; WhatsApp only calls https endpoints/,
    ],
    [
      "an endpoint not in canonical form",
      { endpointUri: "https://Example.COM:443/x" },
      "endpointUri",
      /^not managed: endpointUri .* is not written the way a URL parser reads it .* Write it as "https:\/\/example\.com\/x"/,
    ],
    [
      "an endpoint on a private address",
      { endpointUri: "https://10.0.0.7/flow" },
      "endpointUri",
      /^not managed: endpointUri .* points at a private network address/,
    ],
  ])("%s: that field is left unmanaged, the rest of the flow is declared", (_title, fields, field, comment) => {
    const managed = field === "categories" ? { name: "Kept" } : { categories: ["OTHER"] };
    const { text, plan, read } = render([flow(1, { ...managed, ...fields })]);
    expect(plan.flows).toHaveLength(1);
    const [entry] = [...read.values()];
    expect(entry).not.toHaveProperty(field);
    expect(plan.flows[0].unmanaged.map((u) => u.field)).toEqual([field]);
    const key = text.split("\n").findIndex((line) => line === `  ${plan.flows[0].resourceName}:`);
    expect(text.split("\n")[key - 1]).toMatch(/^ {2}# /);
    expect(text.split("\n")[key - 1].replace(/^ {2}# /, "")).toMatch(comment);
  });

  test("a name two flows share: kept on the one with the smallest id, unmanaged on the other", () => {
    const { text, plan, read } = render([
      flow(2, { name: "Sign up", categories: ["OTHER"] }),
      flow(1, { name: "Sign up", categories: ["SIGN_UP"] }),
    ]);
    expect(read.get("sign-up")).toMatchObject({ flowId: id(1), name: "Sign up" });
    expect(read.get("sign-up-2")).toMatchObject({ flowId: id(2), categories: ["OTHER"] });
    expect(read.get("sign-up-2")).not.toHaveProperty("name");
    expect(plan.flows[1].unmanaged[0].reason).toBe(
      `name "Sign up" is also the name of flow ${id(1)} (flows.sign-up); flow names are unique within a WhatsApp Business Account, so the flows file accepts a name on one flow only.`,
    );
    expect(text).toContain(`  # not managed: name "Sign up" is also the name of flow ${id(1)} (flows.sign-up)`);
  });

  test("a flow with nothing left to manage: left out, each field's reason listed", () => {
    const { text, plan } = render([
      ...DEMO,
      flow(9, { name: "Sign up", endpointUri: "HTTPS://example.com/x", categories: ["NOPE"] }),
    ]);
    expect(plan.leftOut).toHaveLength(1);
    const lines = comments(text);
    const at = lines.findIndex((l) => l.startsWith(`- flow ${id(9)}`));
    expect(lines[at]).toBe(
      `- flow ${id(9)} "Sign up" (DRAFT): nothing left to manage: name, categories, endpointUri cannot be managed as Kaleyra holds them:`,
    );
    expect(lines[at + 1]).toMatch(/^ {4}name "Sign up" is also the name of flow/);
    expect(lines[at + 2]).toMatch(/^ {4}categories: "NOPE" is not a Kaleyra flow category/);
    expect(lines[at + 3]).toMatch(/^ {4}endpointUri "HTTPS:\/\/example\.com\/x" is not written the way/);
  });

  test("a flow Kaleyra holds nothing for: left out, and it takes no resource name", () => {
    const bare = render([flow(1, { name: "A" }), flow(2, { status: "DRAFT" })]);
    expect(bare.plan.leftOut).toEqual([
      expect.objectContaining({
        flowId: id(2),
        reason: "Kaleyra holds no name, categories or endpoint for it, so there is nothing to manage.",
      }),
    ]);
    // The duplicate name that is left out does not push the others' suffixes around.
    const dup = render([flow(1, { name: "A" }), flow(2, { name: "A" }), flow(3, { name: "A", categories: ["OTHER"] })]);
    expect(dup.plan.flows.map((f) => f.resourceName)).toEqual(["a", "a-2"]);
  });

  test("a flow whose id this package refuses: left out", () => {
    const { plan } = render([...DEMO, { id: "0123", name: "Odd", status: "DRAFT" }]);
    expect(plan.leftOut).toEqual([
      expect.objectContaining({
        flowId: "0123",
        reason: expect.stringMatching(/^its id is not one this package accepts: flowId "0123" starts with 0/),
      }),
    ]);
  });
});

describe("hostile and awkward names", () => {
  test.each([
    "yes",
    "No",
    "on",
    "off",
    "null",
    "~",
    "true",
    "1:20",
    "0x1F",
    "1_000",
    "2001-12-14",
    ".inf",
    "12345",
    "- list item",
    "key: value",
    "a #hash",
    "#hash",
    "'single'",
    '"double"',
    "back\\slash",
    "{flow: map}",
    "[flow, seq]",
    "*alias",
    "&anchor",
    "!tag",
    "%YAML 1.2",
    "@at",
    "`tick`",
    "| literal",
    "> folded",
    "? question",
    "---",
    "...",
    "<<",
    "a: b # c",
    "👩‍💻 Dev sign-up",
    "🇮🇳 India",
    "日本語のフロー",
    "Ünïcödé ñame",
    "x".repeat(200),
    `${"word ".repeat(39)}words`,
  ])("%j is written so that it reads back as itself, on one line", (name) => {
    const { text, read } = render([flow(1, { name, categories: ["OTHER"] })]);
    const [args] = [...read.values()];
    expect(args.name).toBe(name);
    // YAML 1.1 readers (older editors and linters) read the same text.
    const legacy = parse(text, { version: "1.1" });
    expect(Object.values(legacy.flows as Record<string, { name: unknown }>)[0].name).toBe(name);
    const nameLines = text.split("\n").filter((line) => line.startsWith("    name: "));
    expect(nameLines).toHaveLength(1);
  });

  test("a name built to inject YAML stays in a comment, escaped, and declares nothing", () => {
    const evil = `Sign up"\n  pwned:\n    flowId: "9999999999999999"\n    name: owned\n#`;
    const { text, read, plan } = render([...DEMO, flow(50, { name: evil, categories: ["OTHER"] })]);
    expect([...read.keys()]).toEqual([
      "book-an-appointment",
      "customer-survey",
      "sign-up",
      "sign-up-pwned-flowid-9999999999999999-name-owned",
    ]);
    expect(text).not.toContain('9999999999999999"\n');
    expect([...read.values()].map((a) => a.flowId)).not.toContain("9999999999999999");
    expect(plan.flows.find((f) => f.flowId === id(50))!.unmanaged[0].reason).toContain(
      '\\n  pwned:\\n    flowId: \\"9999999999999999\\"',
    );
  });

  test("every kind of invisible or line-breaking character in a refused name ends up escaped in its comment", () => {
    const nasty = [
      "\r",
      "\u0085",
      "\u2028",
      "\u2029",
      "\u202E",
      "\u2066",
      "\u200B",
      "\uFEFF",
      "\u061C",
      "\u00AD",
      "\uD800",
      "\u0000",
      "\u001B[31m",
    ];
    const flows = nasty.map((ch, i) => flow(i + 1, { name: `Name ${i}${ch}end`, categories: ["OTHER"] }));
    const { text, plan } = render(flows);
    expect(plan.flows.every((f) => f.unmanaged.length === 1 && f.unmanaged[0].field === "name")).toBe(true);
    expect(comments(text).filter((l) => l.startsWith("not managed: name"))).toHaveLength(nasty.length);
  });

  test("hostile text in a left-out flow's name is escaped too", () => {
    const { text } = render([...DEMO, flow(60, { name: "Old\n# not a comment\u2028really", status: "DEPRECATED" })]);
    expect(comments(text)).toContain(
      `- flow ${id(60)} "Old\\n# not a comment\\u{2028}really" (DEPRECATED): a DEPRECATED flow cannot take metadata changes, so there is nothing to manage; clone it into a new DRAFT flow to manage it.`,
    );
  });

  test("a huge name is cut in its comment", () => {
    const { text } = render([...DEMO, flow(70, { name: `${"x".repeat(100_000)}\u0007`, categories: ["OTHER"] })]);
    expect(text.length).toBeLessThan(10_000);
    expect(text).toContain("(100001 characters)");
  });
});

describe("verifyRendered", () => {
  test("reports a text that reads back differently from the plan, or does not validate", () => {
    const plan = planFlows(DEMO);
    const text = renderFlowsFile(plan, CONTEXT);
    expect(verifyRendered(text.replace("name: Sign up", "name: Sign in"), plan, CONTEXT)).toEqual([
      "flows.sign-up.name reads back differently from what Kaleyra holds",
    ]);
    expect(
      verifyRendered(text.replace(`sid: ${SID}`, `sid: ${SID}\n  apiDomain: http://127.0.0.1:4010`), plan, CONTEXT),
    ).toEqual([
      "flows.book-an-appointment.apiDomain reads back differently from what Kaleyra holds",
      "flows.customer-survey.apiDomain reads back differently from what Kaleyra holds",
      "flows.sign-up.apiDomain reads back differently from what Kaleyra holds",
    ]);
    expect(verifyRendered(text.replace("categories: [SIGN_UP]", "categories: [SIGNUP]"), plan, CONTEXT)[0]).toMatch(
      /did you mean SIGN_UP/,
    );
  });
});
