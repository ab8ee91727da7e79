/**
 * The API key must not be reachable from any error, log line or debug output the package
 * produces. Every error type is provoked for real against the emulator; then the emulator's
 * `echo` fault reflects the key into the answer in every shape a careless server or proxy
 * might (a JSON message, an error field, the code, \u escapes, an HTML page, plain text,
 * headers) and with every status the client treats differently, on every call the client
 * makes. Each error is rendered every way a user, a logger or the Pulumi host might, and
 * searched for the key.
 */
import { contextOf, settingsOf } from "../support/provider-context";
import * as util from "node:util";
import { FaultRule, RunningEmulator, startEmulator } from "../../emulator";
import { KaleyraClient, REDACTED, resetProcessCaches, UnexpectedResponseError } from "../../provider";
import { check, create, read } from "../../provider/resources/flow-metadata";
import { SettingSources } from "../../provider/settings";
import { startScriptedServer } from "../support/scripted-server";

// A key with a distinctive body, so any fragment of it is easy to find.
const KEY = "Aredactiontest0000000000000SECRET";
const OTHER_KEY = "Aotheraccount00000000000000OTHERK";
const SID = "HXAP16REDACT01IN";
const FLOW = "1234567890123459";
const WABA = "1029384756102931";
let emulator: RunningEmulator;
const logLines: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({
    quiet: true,
    seed: {
      accounts: [
        {
          sid: SID,
          apiKey: KEY,
          wabaId: WABA,
          flowApi: true,
          flows: [
            { id: FLOW, name: "Redaction", categories: ["OTHER"], status: "DRAFT" },
            { id: "1234567890123458", name: "Old", categories: ["OTHER"], status: "DEPRECATED" },
          ],
        },
        { sid: "HXAP16NOFLOW99IN", apiKey: KEY, flowApi: false, flows: [] },
      ],
    },
  });
});
afterAll(async () => emulator.close());
beforeEach(() => {
  emulator.clearFaults();
  // No key a client of an earlier test was given may mask this test's output for it.
  resetProcessCaches();
});

function client(overrides: Record<string, unknown> = {}): KaleyraClient {
  return new KaleyraClient({
    apiDomain: emulator.url,
    sid: SID,
    apiKey: KEY,
    otherSecrets: [OTHER_KEY],
    timeoutMs: 300,
    deadlineMs: 3000,
    maxRetries: 1,
    retryBaseMs: 5,
    retryMaxDelayMs: 10,
    maxRetryAfterMs: 10,
    concurrency: 4,
    log: (line) => logLines.push(line),
    ...overrides,
  });
}

/** Every way an error gets turned into text by users, loggers and the Pulumi host. */
function renderings(error: unknown): string[] {
  const e = error as Error;
  return [
    String(e),
    e.message,
    e.stack ?? "",
    `${e}: ${e.stack}`, // what the dynamic-provider host prints for read/check/delete failures
    JSON.stringify(e),
    JSON.stringify(Object.getOwnPropertyDescriptors(e)),
    util.inspect(e, { depth: Infinity, showHidden: true }),
    util.format("%o", e),
    String((e as { cause?: unknown }).cause ?? ""),
  ];
}

/** The keys, or any telling fragment of them, are in none of the texts. */
function expectNoKey(texts: string[], keys: readonly string[] = [KEY, OTHER_KEY]): void {
  for (const text of texts) {
    for (const key of keys) expect(text).not.toContain(key);
    expect(text).not.toContain("SECRET");
    expect(text).not.toContain("OTHERK");
  }
}

async function caught(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

const cases: Array<[string, () => Promise<unknown>, Omit<FaultRule, "id">?]> = [
  ["RBC001 (wrong key sent)", () => client({ apiKey: `${KEY}x` }).updateFlowMetadata(FLOW, { name: "x" })],
  ["WA-401 flow API not enabled", () => client({ sid: "HXAP16NOFLOW99IN" }).updateFlowMetadata(FLOW, { name: "x" })],
  ["WA-401 unknown flow", () => client().updateFlowMetadata("999", { name: "x" })],
  ["WA-400 payload", () => client().updateFlowMetadata(FLOW, { categories: [] })],
  ["WA-400 refused", () => client().updateFlowMetadata("1234567890123458", { name: "x" })],
  ["WA-500", () => client().updateFlowMetadata(FLOW, { name: "x" }), { type: "error500" }],
  ["429", () => client().updateFlowMetadata(FLOW, { name: "x" }), { type: "rateLimit", retryAfter: 0 }],
  ["connection reset", () => client().updateFlowMetadata(FLOW, { name: "x" }), { type: "reset" }],
  ["attempt timeout", () => client({ maxRetries: 0 }).updateFlowMetadata(FLOW, { name: "x" }), { type: "hang" }],
  [
    "deadline",
    () => client({ timeoutMs: 5000, deadlineMs: 200 }).updateFlowMetadata(FLOW, { name: "x" }),
    { type: "hang" },
  ],
  ["HTML 502", () => client().updateFlowMetadata(FLOW, { name: "x" }), { type: "html502" }],
  ["connection refused", () => client({ apiDomain: "http://127.0.0.1:9" }).updateFlowMetadata(FLOW, { name: "x" })],
  ["unresolvable host", () => client({ apiDomain: "https://kaleyra.invalid", maxRetries: 0 }).getFlow(FLOW)],
  [
    "missing key, through the lifecycle",
    () =>
      create(
        check({ flowId: FLOW, name: "x" }, settingsOf({ env: { KALEYRA_SID: SID } })).inputs!,
        contextOf({ env: { KALEYRA_API_DOMAIN: emulator.url } }),
      ),
  ],
  [
    "a key pasted into kaleyra:sid",
    async () =>
      check(
        { flowId: FLOW, name: "x" },
        settingsOf({ config: { get: (k) => (k === "kaleyra:sid" ? `${KEY} ` : undefined) }, env: {} }),
      )
        .failures!.map((f) => f.reason)
        .join("\n"),
  ],
];

// A rest parameter keeps the function's arity at 0, so jest never mistakes `fault` for `done`.
test.each(cases)("%s: the error holds no trace of the key", async (...[, call, fault]) => {
  if (fault) emulator.addFault(fault);
  let result: unknown;
  try {
    result = await call();
  } catch (error) {
    result = error;
  }
  if (typeof result === "string") expectNoKey([result]);
  else {
    expect(result).toBeInstanceOf(Error);
    expectNoKey(renderings(result));
  }
});

describe("a server that echoes the key back: every shape, status and call", () => {
  const SHAPES = ["message", "errorField", "code", "escaped", "html", "text", "header"] as const;
  const STATUSES = [200, 400, 401, 429, 500, 502];
  const CALLS: Array<[string, () => Promise<unknown>]> = [
    ["updateFlowMetadata", () => client().updateFlowMetadata(FLOW, { name: "x" })],
    ["getFlow", () => client().getFlow(FLOW)],
    ["listFlows", () => client().listFlows(WABA)],
  ];
  const matrix = SHAPES.flatMap((shape) =>
    STATUSES.flatMap((status) => CALLS.map(([name, call]) => [shape, status, name, call] as const)),
  );

  test.each(matrix)("%s, HTTP %d, %s", async (shape, status, _name, call) => {
    emulator.addFault({ type: "echo", shape, status });
    const before = logLines.length;
    const error = await caught(call);
    expect(error).toBeInstanceOf(Error);
    expectNoKey(renderings(error));
    expectNoKey(logLines.slice(before));
    expect(logLines.length).toBeGreaterThan(before);
    // The echo really happened, and was masked where it landed.
    const visible = [...renderings(error), ...logLines.slice(before)].join("\n");
    // (A key in headers is only shown where the content type is: on unrecognised answers.)
    if (shape !== "header") expect(visible).toContain(REDACTED);
  });

  test("the lifecycle (up and refresh) through an echoing server: no key in errors", async () => {
    const sources: SettingSources = {
      env: { KALEYRA_SID: SID, KALEYRA_API_KEY: KEY, KALEYRA_API_DOMAIN: emulator.url, KALEYRA_MAX_RETRIES: "0" },
    };
    const inputs = check({ flowId: FLOW, name: "Changed" }, settingsOf(sources)).inputs!;
    for (const shape of SHAPES) {
      emulator.clearFaults();
      emulator.addFault({ type: "echo", shape, status: 400 });
      expectNoKey(renderings(await caught(() => create(inputs, contextOf(sources)))));
      expectNoKey(renderings(await caught(() => read(FLOW, { ...inputs, status: "DRAFT" }, contextOf(sources)))));
    }
  });
});

test("every key the settings know is masked, not only the one in use", async () => {
  // Keys no other test uses: the process remembers every key a client was given (the last
  // line of defence), so only the settings of this call can have made these two known.
  const inUse = "Asettingsonly00000000000000SECRET";
  const other = "Asettingsother0000000000000OTHERK";
  // Another account's key, echoed by a server that has seen it somewhere.
  const server = await startScriptedServer(() => ({
    status: 400,
    body: { code: "WA-400", message: `keys: ${other} and ${inUse}`, data: {}, error: { other } },
  }));
  try {
    const sources: SettingSources = {
      env: {
        KALEYRA_SID: SID,
        KALEYRA_API_KEY: inUse,
        KALEYRA_API_KEY_HXAP16OTHER01IN: other,
        KALEYRA_API_DOMAIN: server.url,
      },
    };
    const error = await caught(() =>
      create(check({ flowId: FLOW, name: "x" }, settingsOf(sources)).inputs!, contextOf(sources)),
    );
    expect(server.requests).toHaveLength(1);
    expectNoKey(renderings(error), [inUse, other]);
    expect(String(error)).toContain(`keys: ${REDACTED} and ${REDACTED}`);
  } finally {
    await server.close();
  }
});

test("an unrecognised answer's snippet is redacted before the error is built", async () => {
  emulator.addFault({ type: "echo", shape: "message", status: 200 });
  const error = (await caught(() => client().getFlow(FLOW))) as UnexpectedResponseError;
  expect(error).toBeInstanceOf(UnexpectedResponseError);
  expect(error.bodySnippet).toContain(`Invalid api-key: ${REDACTED}`);
});

test("debug log lines name requests and outcomes, never the key", async () => {
  const lines: string[] = [];
  const logged = (overrides: Record<string, unknown> = {}) =>
    client({ log: (line: string) => lines.push(line), ...overrides });
  await logged().getFlow(FLOW);
  await caught(() => logged({ apiKey: `${KEY}x` }).updateFlowMetadata(FLOW, { name: "x" }));
  emulator.addFault({ type: "error500" });
  await caught(() => logged({ maxRetries: 0 }).updateFlowMetadata(FLOW, { name: "x" }));
  emulator.clearFaults();
  emulator.addFault({ type: "echo", shape: "message", status: 401 });
  await caught(() => logged().getFlow(FLOW));
  expect(lines.some((line) => /GET \/v2\/HXAP16REDACT01IN\/whatsapp\/1234567890123459\S* -> 200/.test(line))).toBe(
    true,
  );
  expect(lines.some((line) => /POST \/v2\/HXAP16REDACT01IN\/whatsapp\/1234567890123459 -> 401 RBC001/.test(line))).toBe(
    true,
  );
  expect(lines.some((line) => /POST \/v2\/HXAP16REDACT01IN\/whatsapp\/1234567890123459 -> 500 WA-500/.test(line))).toBe(
    true,
  );
  expectNoKey(lines);
});

test("the client object itself does not show its key when logged or serialized", () => {
  const c = client();
  expectNoKey([JSON.stringify(c), util.inspect(c, { depth: Infinity, showHidden: true }), String(c)]);
});

test("the emulator's request log masks the key, echoed requests included", async () => {
  emulator.clearRequests();
  await client().getFlow(FLOW);
  await caught(() => client({ apiKey: `${KEY}x` }).updateFlowMetadata(FLOW, { name: "x" }));
  emulator.addFault({ type: "echo", shape: "message", status: 400 });
  await caught(() => client().getFlow(FLOW));
  const log = emulator.requests();
  expect(log.map((r) => [r.method, r.headers["api-key"]])).toEqual([
    ["GET", "***"],
    ["POST", "***"],
    ["GET", "***"],
  ]);
  expectNoKey([JSON.stringify(log)]);
});
