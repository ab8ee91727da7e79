/**
 * The one rule table, strict, and the same everywhere: every bad input below fails the
 * provider's `check` AND a flows file, naming the property (or the config key or variable)
 * and saying how to fix it; every good edge case passes both, normalized the same way.
 * (tests/e2e/trust.test.ts runs a few through `pulumi preview`, to show the engine prints
 * the failure and sends nothing; the rules themselves are tested here.)
 */
import { settingsOf } from "../support/provider-context";
import { check } from "../../provider/resources/flow-metadata";
import { parseFlowsText } from "../../provider/gitops";
import { UNKNOWN } from "../../provider/rules";
import { ConfigSource, SettingSources } from "../../provider/settings";

const SID = "HXAP16DEMO0097IN";
const VALID = {
  flowId: "1234567890123451",
  name: "Sign up",
  categories: ["SIGN_UP"],
  endpointUri: "https://flows.example.com/sign-up",
};

/** One bad input: what to change, where the failure must point, and a fragment of the fix. */
interface Bad {
  readonly title: string;
  /** Merged over VALID (a key set to undefined is removed). */
  readonly input?: Record<string, unknown>;
  /** Settings from the environment or stack config (check only: a flows file holds none). */
  readonly env?: Record<string, string>;
  readonly config?: Record<string, string>;
  /** The input property the failure names (check's `property`); "" for a setting. */
  readonly property: string;
  /** Text the reason must hold: the property, config key or variable at fault. */
  readonly names: string;
  /** Text of the fix the reason must hold (every fragment, when several). */
  readonly fix: string | readonly string[];
  /** Where the flows file's problem points; default `flows.f.<property>`. */
  readonly filePath?: string;
}

type Fix = Bad["fix"];
const bad = (
  title: string,
  property: string,
  input: Record<string, unknown>,
  fix: Fix,
  extra: Partial<Bad> = {},
): Bad => ({ title, property, input, names: property, fix, ...extra });
const setting = (
  title: string,
  names: string,
  where: { env?: Record<string, string>; config?: Record<string, string> },
  fix: Fix,
): Bad => ({ title, property: "", names, fix, ...where });
const fragments = (fix: Fix): readonly string[] => (typeof fix === "string" ? [fix] : fix);

const HTTPS_FIX = "Use an https:// URL";
const UNREACHABLE_FIX = "Use the endpoint's public https URL";

const BAD: readonly Bad[] = [
  // flowId
  bad("flow id 0", "flowId", { flowId: "0" }, ["starts with 0", "Copy the id from WhatsApp Manager"]),
  bad("flow id of zeros", "flowId", { flowId: "000000000000000" }, "Copy the id from WhatsApp Manager"),
  bad("flow id with a leading zero", "flowId", { flowId: "0123456789012345" }, "starts with 0"),
  bad("flow id of 10 000 digits", "flowId", { flowId: "1".repeat(10_000) }, "has 10000 digits; flow ids have 10 to 20"),
  bad("flow id of 3 digits", "flowId", { flowId: "123" }, "Copy the whole id"),
  bad("flow id of 9 digits", "flowId", { flowId: "123456789" }, "flow ids have 10 to 20"),
  bad("flow id of 21 digits", "flowId", { flowId: "123456789012345678901" }, "flow ids have 10 to 20"),
  bad("flow id with letters", "flowId", { flowId: "12AB567890123456" }, "Use the numeric id of the flow"),
  bad("flow id with a leading space", "flowId", { flowId: " 1234567890123451" }, "is not a string of digits"),
  bad("flow id with a trailing space", "flowId", { flowId: "1234567890123451 " }, "is not a string of digits"),
  bad("a negative flow id", "flowId", { flowId: "-1234567890123451" }, "is not a string of digits"),
  bad("a flow id in exponent form", "flowId", { flowId: "1.234567890123451e15" }, "is not a string of digits"),
  bad("a flow id in full-width digits", "flowId", { flowId: "１２３４５６７８９０１２" }, "is not a string of digits"),
  bad("an empty flow id", "flowId", { flowId: "" }, "is not a string of digits"),
  bad("an unsafe numeric flow id", "flowId", { flowId: 12345678901234567 }, "not a safe integer"),
  bad("a negative numeric flow id", "flowId", { flowId: -5 }, "Write the id as a string"),
  bad("a boolean flow id", "flowId", { flowId: true }, "Write it as a string"),
  bad("a list as flow id", "flowId", { flowId: [] }, "Write it as a string"),
  // name
  bad("an empty name", "name", { name: "" }, "Give the flow a name"),
  bad("a name of spaces", "name", { name: "   " }, "leave name out to stop managing it"),
  bad("a name that is a number", "name", { name: 42 }, "Write the flow's name as text"),
  bad("a name with NUL", "name", { name: "Sign\u0000up" }, "U+0000"),
  bad("a name with ESC", "name", { name: "Sign\u001b[2Kup" }, ["control character", "U+001B"]),
  bad("a name with a newline", "name", { name: "Sign\nup" }, "control character"),
  bad("a name with a tab", "name", { name: "Sign\tup" }, "control character"),
  bad("a name with a C1 control (NEL)", "name", { name: "Sign\u0085up" }, "control character"),
  bad("a name with a right-to-left override", "name", { name: "\u202Eevil" }, [
    "bidirectional control character",
    "U+202E",
    "Remove it",
  ]),
  bad("a file name disguised by a right-to-left override", "name", { name: "Sign up\u202Egnp.exe" }, [
    "bidirectional control character",
    "U+202E at character 8",
  ]),
  bad("a name with a bidi isolate", "name", { name: "Sign\u2066up" }, "U+2066"),
  bad("a name with a left-to-right mark", "name", { name: "Sign\u200Eup" }, "bidirectional"),
  bad("a name with a zero-width space", "name", { name: "Sign\u200Bup" }, ["invisible formatting character", "U+200B"]),
  bad("a name with a word joiner", "name", { name: "Sign\u2060up" }, "U+2060"),
  bad("a name with a BOM inside", "name", { name: "Sign\uFEFFup" }, "U+FEFF"),
  bad("a name with a lone high surrogate", "name", { name: "Sign\uD800up" }, "surrogate"),
  bad("a name with a lone low surrogate", "name", { name: "Sign\uDC00up" }, "surrogate"),
  bad("a name with a line separator", "name", { name: "Sign\u2028up" }, "line or paragraph separator"),
  bad("a name of 201 characters", "name", { name: "x".repeat(201) }, "the limit is 200. Shorten it"),
  // categories
  bad("empty categories", "categories", { categories: [] }, "Kaleyra needs at least one"),
  bad("categories as a string", "categories", { categories: "SIGN_UP" }, 'For example: categories: ["SIGN_UP"]'),
  bad("a misspelt category", "categories", { categories: ["SIGNUP"] }, "did you mean SIGN_UP?", {
    filePath: "flows.f.categories[0]",
  }),
  bad("a lower-case category", "categories", { categories: ["survey"] }, "did you mean SURVEY?", {
    filePath: "flows.f.categories[0]",
  }),
  bad("a number as category", "categories", { categories: [7] }, "7 is not a Kaleyra flow category", {
    filePath: "flows.f.categories[0]",
  }),
  bad(
    "a good and a bad category",
    "categories",
    { categories: ["SIGN_UP", "NOPE"] },
    '"NOPE" is not a Kaleyra flow category',
    { filePath: "flows.f.categories[1]" },
  ),
  bad(
    "a good and a misspelt category",
    "categories",
    { categories: ["SIGN_UP", "SINGUP"] },
    '"SINGUP" is not a Kaleyra flow category (did you mean SIGN_UP?)',
    { filePath: "flows.f.categories[1]" },
  ),
  bad(
    "a category not known yet beside a bad one",
    "categories",
    { categories: [UNKNOWN, "BAD"] },
    '"BAD" is not a Kaleyra flow category',
    { filePath: "flows.f.categories[1]" },
  ),
  // endpointUri
  bad("an http endpoint", "endpointUri", { endpointUri: "http://flows.example.com/f" }, HTTPS_FIX),
  bad("a relative endpoint", "endpointUri", { endpointUri: "/flows/endpoint" }, "Give the full https URL"),
  bad("an ftp endpoint", "endpointUri", { endpointUri: "ftp://flows.example.com/f" }, HTTPS_FIX),
  bad(
    "credentials in the endpoint",
    "endpointUri",
    { endpointUri: "https://user:pass@flows.example.com/e" },
    "Remove them",
  ),
  bad(
    "empty credentials in the endpoint",
    "endpointUri",
    { endpointUri: "https://@flows.example.com/e" },
    "holds credentials",
  ),
  bad("a fragment", "endpointUri", { endpointUri: "https://flows.example.com/e#frag" }, "Remove it"),
  bad("port 0", "endpointUri", { endpointUri: "https://flows.example.com:0/e" }, "Use the endpoint's real port"),
  bad(
    "a port out of range",
    "endpointUri",
    { endpointUri: "https://flows.example.com:99999/e" },
    "is not an absolute URL",
  ),
  bad("a loopback address", "endpointUri", { endpointUri: "https://127.0.0.1/e" }, UNREACHABLE_FIX),
  bad("localhost", "endpointUri", { endpointUri: "https://localhost/e" }, "loopback"),
  bad("10/8", "endpointUri", { endpointUri: "https://10.0.0.1/e" }, [
    "private network address",
    "Meta's servers call the endpoint over the internet",
  ]),
  bad("192.168/16", "endpointUri", { endpointUri: "https://192.168.1.10/e" }, "private network address"),
  bad("172.16/12", "endpointUri", { endpointUri: "https://172.20.0.1/e" }, "private network address"),
  bad(
    "the metadata service (link-local)",
    "endpointUri",
    { endpointUri: "https://169.254.169.254/latest" },
    "link-local",
  ),
  bad("IPv6 loopback", "endpointUri", { endpointUri: "https://[::1]/e" }, "loopback"),
  bad("IPv6 link-local", "endpointUri", { endpointUri: "https://[fe80::1]/e" }, "link-local"),
  bad("IPv6 unique local", "endpointUri", { endpointUri: "https://[fd00::1]/e" }, "private"),
  bad("IPv4-mapped loopback", "endpointUri", { endpointUri: "https://[::ffff:127.0.0.1]/e" }, "loopback"),
  bad(
    "a single-label host",
    "endpointUri",
    { endpointUri: "https://intranet/e" },
    "only resolves inside a local network",
  ),
  bad(
    "an mDNS host",
    "endpointUri",
    { endpointUri: "https://printer.local/e" },
    "only resolves inside a local network",
  ),
  bad(
    "a space the parser would encode",
    "endpointUri",
    { endpointUri: "https://flows.example.com/a b" },
    'Write it as "https://flows.example.com/a%20b"',
  ),
  bad(
    "a tab the parser would drop",
    "endpointUri",
    { endpointUri: "https://flows.example.com/a\tb" },
    'Write it as "https://flows.example.com/ab"',
  ),
  bad(
    "a newline the parser would drop",
    "endpointUri",
    { endpointUri: "https://flows.example.com/a\nb" },
    "a tab or line break",
  ),
  bad("a leading space", "endpointUri", { endpointUri: " https://flows.example.com/e" }, "surrounding white space"),
  bad(
    "backslashes",
    "endpointUri",
    { endpointUri: "https:\\\\flows.example.com\\e" },
    'Write it as "https://flows.example.com/e"',
  ),
  bad(
    "https:host without slashes",
    "endpointUri",
    { endpointUri: "https:flows.example.com/e" },
    'Write it as "https://flows.example.com/e"',
  ),
  bad(
    "upper-case scheme and host",
    "endpointUri",
    { endpointUri: "HTTPS://FLOWS.EXAMPLE.COM/e" },
    'Write it as "https://flows.example.com/e"',
  ),
  bad(
    "the default port written out",
    "endpointUri",
    { endpointUri: "https://flows.example.com:443/e" },
    'Write it as "https://flows.example.com/e"',
  ),
  bad("a hex IPv4 loopback", "endpointUri", { endpointUri: "https://0x7f.0.0.1/e" }, "loopback"),
  bad(
    "an endpoint over 2048 characters",
    "endpointUri",
    { endpointUri: `https://flows.example.com/${"a".repeat(2100)}` },
    "Use a shorter URL",
  ),
  bad("an endpoint that is a number", "endpointUri", { endpointUri: 42 }, "For example"),
  // account, given on the resource (or in the flows file)
  bad("a SID with punctuation", "sid", { sid: "HX-../x" }, "Use the account's SID"),
  bad("an empty SID", "sid", { sid: "" }, "Use the account's SID"),
  bad("a SID of 65 characters", "sid", { sid: "A".repeat(65) }, "more than 64"),
  bad("an unknown region", "region", { region: "US" }, "Use one of IN"),
  bad("a region that is a number", "region", { region: 5 }, "Use one of IN"),
  bad("plain http to a remote API domain", "apiDomain", { apiDomain: "http://api.in.kaleyra.io" }, "Use https"),
  bad("a scheme-relative API domain", "apiDomain", { apiDomain: "//api.in.kaleyra.io" }, [
    "starts with //",
    "Write https://<host>",
  ]),
  bad(
    "an API domain with a path",
    "apiDomain",
    { apiDomain: "https://api.in.kaleyra.io/v2" },
    "Give the host or origin only",
  ),
  bad(
    "an API domain with credentials",
    "apiDomain",
    { apiDomain: "https://u:p@api.in.kaleyra.io" },
    "the API key goes in kaleyra:apiKey",
  ),
  bad(
    "an API domain with a query",
    "apiDomain",
    { apiDomain: "https://api.in.kaleyra.io?x=1" },
    "Give the host or origin only",
  ),
  bad(
    "an API domain with another scheme",
    "apiDomain",
    { apiDomain: "ftp://api.in.kaleyra.io" },
    "Use a host such as api.in.kaleyra.io",
  ),
  bad(
    "an API domain with trailing white space",
    "apiDomain",
    { apiDomain: "api.in.kaleyra.io " },
    "Use a host such as api.in.kaleyra.io",
  ),
  // the opt-in
  bad(
    "allowPublishedUpdate as text",
    "allowPublishedUpdate",
    { allowPublishedUpdate: "true" },
    "must be true or false",
  ),
  bad(
    "allowPublishedUpdate as a number",
    "allowPublishedUpdate",
    { allowPublishedUpdate: 1 },
    "allowPublishedUpdate: true lets `pulumi up` change",
  ),
  // property names: looked up as the text they are
  bad(
    "a typo in a property name",
    "endpointURI",
    { endpointURI: "https://flows.example.com/x" },
    "did you mean endpointUri?",
  ),
  bad("__proto__ as a property", "__proto__", JSON.parse('{"__proto__": "x"}'), "Inputs are flowId, name"),
  bad("constructor as a property", "constructor", { constructor: "x" }, "Inputs are flowId, name"),
  bad("hasOwnProperty as a property", "hasOwnProperty", { hasOwnProperty: "x" }, "Inputs are flowId, name"),
  bad("toString as a property", "toString", { toString: 1 }, "Inputs are flowId, name"),
  // shape
  bad("no flow id", "flowId", { flowId: undefined }, 'e.g. flowId: "1234567890123456"', { filePath: "flows.f" }),
  bad(
    "nothing to manage",
    "name",
    { name: undefined, categories: undefined, endpointUri: undefined },
    "set at least one of name, categories or endpointUri",
    { filePath: "flows.f", names: "nothing to manage" },
  ),
  // settings: stack config and environment (the provider's check only)
  setting(
    "a timeout with white space",
    "KALEYRA_TIMEOUT_MS",
    { env: { KALEYRA_TIMEOUT_MS: " 2500" } },
    "written in decimal digits only",
  ),
  setting(
    "a timeout with an exponent",
    "kaleyra:timeoutMs",
    { config: { "kaleyra:timeoutMs": "1e3" } },
    "written in decimal digits only",
  ),
  setting(
    "a timeout with an exponent, from the environment",
    "KALEYRA_TIMEOUT_MS",
    { env: { KALEYRA_TIMEOUT_MS: "1e3" } },
    "whole number from 100 to 600000, written in decimal digits only",
  ),
  setting("a concurrency in hex", "KALEYRA_CONCURRENCY", { env: { KALEYRA_CONCURRENCY: "0x10" } }, [
    "from 1 to 256",
    "decimal digits only",
  ]),
  setting("a concurrency of 0", "KALEYRA_CONCURRENCY", { env: { KALEYRA_CONCURRENCY: "0" } }, "below that range"),
  setting(
    "a negative deadline",
    "kaleyra:deadlineMs",
    { config: { "kaleyra:deadlineMs": "-1" } },
    "decimal digits only",
  ),
  setting(
    "retries with a fraction",
    "kaleyra:maxRetries",
    { config: { "kaleyra:maxRetries": "5.0" } },
    "decimal digits only",
  ),
  setting(
    "a backoff in full-width digits",
    "KALEYRA_RETRY_BASE_MS",
    { env: { KALEYRA_RETRY_BASE_MS: "５００" } },
    "decimal digits only",
  ),
  setting(
    "an opt-in that is not a boolean",
    "KALEYRA_ALLOW_PUBLISHED_UPDATE",
    { env: { KALEYRA_ALLOW_PUBLISHED_UPDATE: "yes" } },
    "must be true or false",
  ),
  setting(
    "a debug switch that is neither on nor off",
    "kaleyra:debug",
    { config: { "kaleyra:debug": "maybe" } },
    "1, true, yes or on",
  ),
  setting(
    "a key map that is not JSON",
    "kaleyra:apiKeys",
    { config: { "kaleyra:apiKeys": "not json" } },
    "pulumi config set --secret --path",
  ),
  setting(
    "a key map that is a list",
    "kaleyra:apiKeys",
    { config: { "kaleyra:apiKeys": '["Akey"]' } },
    "pulumi config set --secret --path",
  ),
  setting(
    "plain http to a remote API domain, from the environment",
    "KALEYRA_API_DOMAIN",
    { env: { KALEYRA_API_DOMAIN: "http://api.kaleyra.example.com" } },
    ["uses plain http", "would travel unencrypted", "Use https"],
  ),
  setting(
    "a SID with a space, from stack config",
    "kaleyra:sid",
    { config: { "kaleyra:sid": "HX AP16" } },
    "Use the account's SID",
  ),
  setting(
    "an unknown region, from the environment",
    "KALEYRA_REGION",
    { env: { KALEYRA_REGION: "mars" } },
    "Use one of IN",
  ),
];

/** Good edge cases: each passes check and a flows file, normalized to the same values. */
const GOOD: ReadonlyArray<[string, Record<string, unknown>, Record<string, unknown>?]> = [
  ["a 10-digit flow id", { flowId: "1234567890" }],
  ["a 20-digit flow id", { flowId: "12345678901234567890" }],
  ["a flow id as a safe number", { flowId: 1234567890123451 }, { flowId: "1234567890123451" }],
  ["a name with surrounding spaces (trimmed)", { name: "  Sign up  " }, { name: "Sign up" }],
  ["a name with an emoji", { name: "Sign up 🎉" }],
  ["a name with a family emoji (zero-width joiners)", { name: "Family 👨\u200D👩\u200D👧" }],
  [
    "a name with a subdivision flag (tag characters)",
    { name: "Scotland 🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}" },
  ],
  ["an Arabic name (right-to-left text, no controls)", { name: "تسجيل الدخول" }],
  ["a Hindi name with a zero-width non-joiner", { name: "क्\u200Cष" }],
  ["a name of exactly 200 characters", { name: "n".repeat(200) }],
  ["a name of 200 emoji", { name: "🎉".repeat(200) }],
  [
    "all nine categories, repeated",
    {
      categories: [
        "SIGN_UP",
        "SIGN_IN",
        "APPOINTMENT_BOOKING",
        "LEAD_GENERATION",
        "SHOPPING",
        "CONTACT_US",
        "CUSTOMER_SUPPORT",
        "SURVEY",
        "OTHER",
        "SIGN_UP",
      ],
    },
    {
      categories: [
        "SIGN_UP",
        "SIGN_IN",
        "APPOINTMENT_BOOKING",
        "LEAD_GENERATION",
        "SHOPPING",
        "CONTACT_US",
        "CUSTOMER_SUPPORT",
        "SURVEY",
        "OTHER",
      ],
    },
  ],
  ["a bare-origin endpoint without its slash", { endpointUri: "https://flows.example.com" }],
  ["an endpoint with a port, a path and a query", { endpointUri: "https://flows.example.com:8443/a/b?x=1&y=%20z" }],
  ["an endpoint on an internationalized domain, in punycode", { endpointUri: "https://xn--bcher-kva.example/flow" }],
  ["an endpoint on a public IPv4 address", { endpointUri: "https://8.8.8.8/flow" }],
  ["an endpoint on a public IPv6 address", { endpointUri: "https://[2001:4860:4860::8888]/flow" }],
  ["the emulator on 127.0.0.1", { apiDomain: "http://127.0.0.1:4010" }],
  ["the emulator on localhost", { apiDomain: "http://localhost:4010/" }, { apiDomain: "http://localhost:4010" }],
  ["the emulator on ::1", { apiDomain: "http://[::1]:4010" }],
  ["another pod as a bare host", { apiDomain: "api.na.kaleyra.ai" }, { apiDomain: "https://api.na.kaleyra.ai" }],
  ["a region in lower case", { region: "eu" }, { region: "EU" }],
  ["the opt-in, on", { allowPublishedUpdate: true }],
  ["the opt-in, off", { allowPublishedUpdate: false }],
];

const configOf = (values: Record<string, string> = {}): ConfigSource => ({ get: (key) => values[key] });

function merged(input: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = { ...VALID };
  for (const key of Object.keys(input)) {
    // defineProperty: a key "__proto__" must stay a plain key, as in the JSON it stands for.
    Object.defineProperty(out, key, { value: input[key], enumerable: true, writable: true, configurable: true });
    if (input[key] === undefined) delete out[key];
  }
  return out;
}

/** The flow as a JSON flows file (JSON holds every string the cases use, escaped). */
function flowsFile(flow: Record<string, unknown>): string {
  const body = Object.entries(flow)
    .map(([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`)
    .join(", ");
  return `{"version": 1, "defaults": {"sid": "${SID}"}, "flows": {"f": {${body}}}}`;
}

describe("the one rule table", () => {
  test("holds at least 60 bad inputs and 15 good edge cases", () => {
    expect(BAD.filter((c) => c.property !== "").length).toBeGreaterThanOrEqual(60);
    expect(GOOD.length).toBeGreaterThanOrEqual(15);
  });

  describe.each(BAD.map((c) => [c.title, c] as const))("bad: %s", (_title, c) => {
    const sources: SettingSources = { config: configOf(c.config), env: { KALEYRA_SID: SID, ...c.env } };

    test("check fails, naming the property and the fix", () => {
      const failures = check(merged(c.input), settingsOf(sources)).failures ?? [];
      const failure = failures.find((f) => f.property === c.property && f.reason.includes(c.names));
      expect({ failures, found: failure !== undefined }).toMatchObject({ found: true });
      for (const fix of fragments(c.fix)) expect(failure!.reason).toContain(fix);
      // One line, and a setting's value is never repeated back.
      expect(failure!.reason).not.toMatch(/[\n\r\u2028\u2029]/);
      for (const value of [...Object.values(c.env ?? {}), ...Object.values(c.config ?? {})])
        expect(failure!.reason).not.toContain(value);
    });

    if (c.property !== "") {
      test("a flows file fails the same way, at the same property", () => {
        const { problems, flows } = parseFlowsText(flowsFile(merged(c.input)), "flows.json");
        const path = c.filePath ?? `flows.f.${c.property}`;
        const problem = problems.find((p) => p.path === path || p.path.startsWith(`${path}[`));
        expect({ problems, found: problem !== undefined }).toMatchObject({ found: true });
        for (const fix of fragments(c.fix)) expect(problem!.message).toContain(fix);
        expect(flows).toEqual([]);
      });
    }
  });

  describe.each(GOOD.map(([title, input, normalized]) => [title, input, normalized] as const))(
    "good: %s",
    (_title, input, normalized) => {
      test("passes check and a flows file, normalized alike", () => {
        const sources: SettingSources = { env: { KALEYRA_SID: SID } };
        const checked = check(merged(input), settingsOf(sources));
        expect(checked.failures).toEqual([]);
        const expected = { ...merged(input), ...normalized };
        expect(checked.inputs).toMatchObject(
          Object.fromEntries(
            Object.entries(expected).filter(([key]) => key !== "region" || !("apiDomain" in expected)),
          ),
        );
        const { problems, flows } = parseFlowsText(flowsFile(merged(input)), "flows.json");
        expect(problems).toEqual([]);
        expect(flows[0].args).toMatchObject(expected);
      });
    },
  );
});

describe("check, beyond single values", () => {
  test("every problem is reported at once", () => {
    const failures = check(
      { flowId: "x", name: "", categories: ["NOPE"], endpointUri: "ftp://x" },
      settingsOf({ env: { KALEYRA_SID: SID } }),
    ).failures!;
    expect(failures.map((f) => f.property).sort()).toEqual(["categories", "endpointUri", "flowId", "name"]);
  });

  test("no SID anywhere fails with how to set it", () => {
    const failures = check(VALID, settingsOf({ env: {} })).failures!;
    expect(failures).toEqual([
      expect.objectContaining({ property: "sid", reason: expect.stringContaining("kaleyra:sid") }),
    ]);
  });

  test("a setting's failure names no property, so the engine never prints the value beside it", () => {
    const failures = check(
      VALID,
      settingsOf({ config: configOf({ "kaleyra:region": "mars" }), env: { KALEYRA_SID: SID } }),
    ).failures!;
    expect(failures).toEqual([
      { property: "", reason: expect.stringContaining("kaleyra:region is not a Kaleyra pod") },
    ]);
  });

  test("valid inputs pass and gain the resolved account", () => {
    const result = check(VALID, settingsOf({ env: { KALEYRA_SID: SID } }));
    expect(result.failures).toEqual([]);
    expect(result.inputs).toEqual({ ...VALID, sid: SID, region: "IN", apiDomain: "https://api.in.kaleyra.io" });
  });

  test("values unknown during preview pass through untouched; known items of a list are still checked", () => {
    const result = check(
      { flowId: UNKNOWN, name: UNKNOWN, categories: [UNKNOWN, "SIGN_UP"], endpointUri: UNKNOWN, sid: UNKNOWN },
      settingsOf({ env: {} }),
    );
    expect(result.failures).toEqual([]);
    expect(result.inputs).toMatchObject({
      flowId: UNKNOWN,
      name: UNKNOWN,
      categories: [UNKNOWN, "SIGN_UP"],
      endpointUri: UNKNOWN,
      sid: UNKNOWN,
    });
  });

  test("check never needs an API key", () => {
    expect(check(VALID, settingsOf({ env: { KALEYRA_SID: "HX1" } })).failures).toEqual([]);
  });
});
