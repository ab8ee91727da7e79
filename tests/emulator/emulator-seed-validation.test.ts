/**
 * Seed validation: every rule, and messages that name the source and the entry at fault.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import {
  DEMO_SEED,
  FLOW_CATEGORIES,
  FLOW_STATUSES,
  loadSeedFile,
  SeedError,
  startEmulator,
  validateSeed,
} from "../../emulator";

const CATEGORY_LIST =
  "SIGN_UP, SIGN_IN, APPOINTMENT_BOOKING, LEAD_GENERATION, SHOPPING, CONTACT_US, CUSTOMER_SUPPORT, SURVEY, OTHER";
const account = (extra: Record<string, unknown> = {}) => ({
  sid: "HXAP16TEST0001IN",
  apiKey: "Atest000000000000000000000000001",
  ...extra,
});
const withFlows = (...flows: unknown[]) => ({ accounts: [account({ flows })] });

test("FLOW_CATEGORIES are the nine of the documentation page, in its order", () => {
  const page = readFileSync(path.join(__dirname, "..", "fixtures", "kaleyra-update-flow-metadata.txt"), "utf8");
  const documented = [...page.matchAll(/^- ([A-Z_]+)$/gm)].map((m) => m[1]);
  expect([...FLOW_CATEGORIES]).toEqual(documented);
  expect(FLOW_CATEGORIES.join(", ")).toBe(CATEGORY_LIST);
  expect([...FLOW_STATUSES]).toEqual(["DRAFT", "PUBLISHED", "DEPRECATED", "BLOCKED", "THROTTLED"]);
});

test("the demo seed is valid and already normalised", () => {
  expect(validateSeed(DEMO_SEED)).toEqual(DEMO_SEED);
  expect(DEMO_SEED.accounts.map((a) => [a.sid, a.flowApi, a.flows.length])).toEqual([
    ["HXAP16DEMO0097IN", true, 3],
    ["HXEU16DEMO0042EU", true, 1],
    ["HXAP16NOFLOW01IN", false, 0],
  ]);
  expect(DEMO_SEED.accounts.map((a) => a.apiKey)).toEqual([
    "Ademo0000000000000000000000000003",
    "Ademo0000000000000000000000000EU4",
    "Ademo00000000000000000000000000N5",
  ]);
  expect(Object.isFrozen(DEMO_SEED.accounts[0].flows[0])).toBe(true);
});

test("defaults: flowApi true, publishedUpdate refuse, pageSize 25, envelope shapes, no wabaId, flows [], status DRAFT; a safe integer id becomes a string", () => {
  const defaults = {
    flowApi: true,
    publishedUpdate: "refuse",
    pageSize: 25,
    listShape: "envelope",
    detailsShape: "envelope",
  };
  expect(
    validateSeed({
      accounts: [
        account({ flows: [{ id: 1234567890123456 }, { id: "77", name: "x", endpoint_uri: "https://e.com" }] }),
        { sid: "B", apiKey: "k" },
      ],
    }),
  ).toEqual({
    accounts: [
      {
        ...account(),
        ...defaults,
        flows: [
          { id: "1234567890123456", status: "DRAFT" },
          { id: "77", name: "x", endpoint_uri: "https://e.com", status: "DRAFT" },
        ],
      },
      { sid: "B", apiKey: "k", ...defaults, flows: [] },
    ],
  });
});

test("an empty account list is valid", () => {
  expect(validateSeed({ accounts: [] })).toEqual({ accounts: [] });
});

describe("each rule names the entry at fault", () => {
  test.each([
    ["root is an array", [], 'seed: must be a JSON object like {"accounts": [...]}, got []'],
    ["root is null", null, 'seed: must be a JSON object like {"accounts": [...]}, got null'],
    ["no accounts", {}, "seed: accounts: must be an array of accounts, got nothing"],
    ["unknown top-level key", { accounts: [], account: [] }, 'seed: account: unknown field; did you mean "accounts"?'],
    [
      "account not an object",
      { accounts: ["HX"] },
      'seed: accounts[0]: must be an object with sid, apiKey, flowApi and flows, got "HX"',
    ],
    [
      "sid missing",
      { accounts: [{ apiKey: "k" }] },
      'seed: accounts[0].sid: must be a non-empty string of letters, digits, "-" or "_", got nothing',
    ],
    [
      "sid with a slash",
      { accounts: [account({ sid: "HX/1" })] },
      'seed: accounts[0].sid: must be a non-empty string of letters, digits, "-" or "_", got "HX/1"',
    ],
    [
      "duplicate sid",
      { accounts: [account(), account()] },
      'seed: accounts[1].sid: "HXAP16TEST0001IN" is already used by accounts[0]',
    ],
    [
      "apiKey missing",
      { accounts: [{ sid: "HX" }] },
      "seed: accounts[0].apiKey: must be a non-empty string of printable characters without spaces",
    ],
    [
      "apiKey with a space",
      { accounts: [account({ apiKey: "A secret key" })] },
      "seed: accounts[0].apiKey: must be a non-empty string of printable characters without spaces",
    ],
    [
      "flowApi a string",
      { accounts: [account({ flowApi: "yes" })] },
      'seed: accounts[0].flowApi: must be true or false, got "yes"',
    ],
    [
      "flows an object",
      { accounts: [account({ flows: {} })] },
      "seed: accounts[0].flows: must be an array of flows, got an object",
    ],
    [
      "unknown account key",
      { accounts: [account({ api_key: "x" })] },
      'seed: accounts[0].api_key: unknown field; did you mean "apiKey"?',
    ],
    [
      "flow not an object",
      withFlows(42),
      "seed: accounts[0].flows[0]: must be a flow object with id, name, categories, endpoint_uri and status, got 42",
    ],
    [
      "flow id missing",
      withFlows({ name: "x" }),
      "seed: accounts[0].flows[0].id: must be a string of digits (a JSON number only if it is a safe integer), got nothing",
    ],
    [
      "flow id not digits",
      withFlows({ id: "12a" }),
      'seed: accounts[0].flows[0].id: must be a string of digits (a JSON number only if it is a safe integer), got "12a"',
    ],
    [
      "flow id an unsafe number",
      withFlows({ id: 12345678901234567 }),
      "seed: accounts[0].flows[0].id: must be a string of digits (a JSON number only if it is a safe integer), got 12345678901234568",
    ],
    [
      "flow id negative",
      withFlows({ id: -5 }),
      "seed: accounts[0].flows[0].id: must be a string of digits (a JSON number only if it is a safe integer), got -5",
    ],
    [
      "duplicate flow id",
      withFlows({ id: "1" }, { id: 1 }),
      'seed: accounts[0].flows[1].id: "1" is already used by accounts[0].flows[0]',
    ],
    [
      "name empty",
      withFlows({ id: "1" }, { id: "2", name: "   " }),
      'seed: accounts[0].flows[1].name: must be a non-empty string, got "   "',
    ],
    [
      "categories empty",
      withFlows({ id: "1", categories: [] }),
      `seed: accounts[0].flows[0].categories: must be a non-empty array of categories (${CATEGORY_LIST}), got []`,
    ],
    [
      "an unknown category",
      withFlows({ id: "1" }, { id: "2" }, { id: "3", categories: ["SIGN_UP", "FOO"] }),
      `seed: accounts[0].flows[2].categories[1]: must be a Kaleyra flow category (one of ${CATEGORY_LIST}), got "FOO"`,
    ],
    [
      "endpoint http",
      withFlows({ id: "1", endpoint_uri: "http://example.com" }),
      'seed: accounts[0].flows[0].endpoint_uri: must be an absolute https URL, got "http://example.com"',
    ],
    [
      "status unknown",
      withFlows({ id: "1", status: "draft" }),
      'seed: accounts[0].flows[0].status: must be a flow status (one of DRAFT, PUBLISHED, DEPRECATED, BLOCKED, THROTTLED), got "draft"',
    ],
    [
      "camelCase endpoint",
      withFlows({ id: "1", endpointUri: "https://e.com" }),
      'seed: accounts[0].flows[0].endpointUri: unknown field; did you mean "endpoint_uri"?',
    ],
    [
      "unrelated key",
      withFlows({ id: "1", owner: "me" }),
      "seed: accounts[0].flows[0].owner: unknown field (expected id, name, categories, endpoint_uri, status, wabaId, publishedUpdate, validationStyle, flowJson)",
    ],
  ])("%s", (_name, seed, message) => {
    let error: unknown;
    try {
      validateSeed(seed);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SeedError);
    expect((error as SeedError).message).toBe(message);
    expect((error as SeedError).status).toBe(400);
  });

  test("every problem is reported at once, one line each, in the order of the seed", () => {
    const seed = {
      accounts: [
        account({
          sid: "HX/1",
          flows: [
            { id: "1", owner: "me" },
            { id: "1", status: "draft" },
          ],
        }),
        { sid: "B" },
      ],
    };
    let error: SeedError | undefined;
    try {
      validateSeed(seed);
    } catch (e) {
      error = e as SeedError;
    }
    expect(error?.problems.map((p) => p.path)).toEqual([
      "accounts[0].sid",
      "accounts[0].flows[0].owner",
      "accounts[0].flows[1].status",
      "accounts[1].apiKey",
    ]);
    expect(error?.message.split("\n")).toHaveLength(4);
    expect(error?.message.split("\n")[2]).toBe(
      'seed: accounts[0].flows[1].status: must be a flow status (one of DRAFT, PUBLISHED, DEPRECATED, BLOCKED, THROTTLED), got "draft"',
    );
    expect(error).toMatchObject({ path: "accounts[0].sid", problem: expect.stringContaining('got "HX/1"') });
  });

  test("the duplicates are all reported, each naming the first entry that holds the value", () => {
    const seed = { accounts: [account(), account(), account({ flows: [{ id: "1" }, { id: 1 }, { id: "1" }] })] };
    expect(() => validateSeed(seed)).toThrow(
      [
        'seed: accounts[1].sid: "HXAP16TEST0001IN" is already used by accounts[0]',
        'seed: accounts[2].sid: "HXAP16TEST0001IN" is already used by accounts[0]',
        'seed: accounts[2].flows[1].id: "1" is already used by accounts[2].flows[0]',
        'seed: accounts[2].flows[2].id: "1" is already used by accounts[2].flows[0]',
      ].join("\n"),
    );
  });

  test("null is no value in a seed (only a patch removes a field with it)", () => {
    expect(() => validateSeed(withFlows({ id: "1", name: null }))).toThrow(
      "seed: accounts[0].flows[0].name: must be a non-empty string, got null",
    );
    expect(() => validateSeed({ accounts: [account({ wabaId: null })] })).toThrow(
      /^seed: accounts\[0\]\.wabaId: must be a string of digits .*, got null$/,
    );
  });

  test("a field set to undefined in code counts as left out", () => {
    const [valid] = validateSeed({
      accounts: [account({ flowApi: undefined, pageSize: undefined, flows: [{ id: "1", status: undefined }] })],
    }).accounts;
    expect(valid).toMatchObject({ flowApi: true, pageSize: 25, flows: [{ id: "1", status: "DRAFT" }] });
  });

  test("a bad key is never echoed in the message", () => {
    expect(() => validateSeed({ accounts: [account({ apiKey: "Asecret value" })] })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining("secret") }),
    );
  });

  test("the source label leads the message, with path and problem kept apart", () => {
    try {
      validateSeed(withFlows({ id: "1", categories: ["X"] }), "my-seed.json");
      throw new Error("not thrown");
    } catch (error) {
      expect(error).toMatchObject({
        source: "my-seed.json",
        path: "accounts[0].flows[0].categories[0]",
        problem: `must be a Kaleyra flow category (one of ${CATEGORY_LIST}), got "X"`,
      });
    }
  });
});

describe("loadSeedFile", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "kaleyra-seed-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("reads and validates a file", () => {
    const file = path.join(dir, "ok.json");
    writeFileSync(
      file,
      JSON.stringify({
        $schema: "./seed.schema.json",
        accounts: [account({ flows: [{ id: 42, categories: ["OTHER"] }] })],
      }),
    );
    expect(loadSeedFile(file).accounts[0].flows).toEqual([{ id: "42", categories: ["OTHER"], status: "DRAFT" }]);
  });

  test("an invalid entry: the message names the file and the entry", () => {
    const file = path.join(dir, "seed.json");
    writeFileSync(
      file,
      JSON.stringify(withFlows({ id: "1" }, { id: "2" }, { id: "3", categories: ["SIGN_UP", "FOO"] })),
    );
    expect(() => loadSeedFile(file)).toThrow(
      `${file}: accounts[0].flows[2].categories[1]: must be a Kaleyra flow category (one of ${CATEGORY_LIST}), got "FOO"`,
    );
  });

  test("not JSON, or missing: the message names the file and why", () => {
    const file = path.join(dir, "broken.json");
    writeFileSync(file, '{"accounts": [');
    expect(() => loadSeedFile(file)).toThrow(new RegExp(`^${escape(file)}: not valid JSON \\(`));
    expect(() => loadSeedFile(path.join(dir, "absent.json"))).toThrow(
      `${path.join(dir, "absent.json")}: cannot read the seed file (ENOENT)`,
    );
  });
});

test("startEmulator refuses a bad seed before listening", async () => {
  await expect(startEmulator({ quiet: true, seed: withFlows({ id: "x" }) as never })).rejects.toThrow(
    /^options\.seed: accounts\[0\]\.flows\[0\]\.id: must be a string of digits/,
  );
  await expect(startEmulator({ quiet: true, faults: [{ type: "latency" }] })).rejects.toThrow(
    /^options\.faults\[0\]: latencyMs: must be a number/,
  );
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
