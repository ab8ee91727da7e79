/**
 * The API key must not be reachable from any error, log line or debug output the package
 * produces: every error type is provoked for real against the emulator, then serialized
 * every way a user or a logger might, and searched for the key.
 */
import * as util from "node:util";
import { DEMO_SEED, FaultRule, RunningEmulator, startEmulator } from "../../emulator";
import { KaleyraClient } from "../../provider";
import { create, check } from "../../provider/lifecycle";

// A key with a distinctive body, so any fragment of it is easy to find.
const KEY = "Aredactiontest0000000000000SECRET";
const SID = "HXAP16REDACT01IN";
const FLOW = "1234567890123459";
let emulator: RunningEmulator;
const logLines: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({
    quiet: true,
    seed: {
      accounts: [
        { sid: SID, apiKey: KEY, flowApi: true, flows: [{ id: FLOW, name: "Redaction", categories: ["OTHER"], status: "DRAFT" }, { id: "1234567890123458", name: "Old", status: "DEPRECATED" }] },
        { sid: "HXAP16NOFLOW99IN", apiKey: KEY, flowApi: false, flows: [] },
      ],
    },
  });
});
afterAll(async () => emulator.close());
beforeEach(() => emulator.clearFaults());

function client(overrides: Record<string, unknown> = {}): KaleyraClient {
  return new KaleyraClient({
    apiDomain: emulator.url, sid: SID, apiKey: KEY, timeoutMs: 300, deadlineMs: 3000,
    maxRetries: 1, retryBaseMs: 5, retryMaxDelayMs: 10, maxRetryAfterMs: 10, concurrency: 4,
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
  ["deadline", () => client({ timeoutMs: 5000, deadlineMs: 200 }).updateFlowMetadata(FLOW, { name: "x" }), { type: "hang" }],
  ["HTML 502", () => client().updateFlowMetadata(FLOW, { name: "x" }), { type: "html502" }],
  ["connection refused", () => client({ apiDomain: "http://127.0.0.1:9" }).updateFlowMetadata(FLOW, { name: "x" })],
  ["unresolvable host", () => client({ apiDomain: "https://kaleyra.invalid", maxRetries: 0 }).getFlow(FLOW)],
  ["missing key, through the lifecycle", () => create(check({ flowId: FLOW, name: "x" }, { env: { KALEYRA_SID: SID } }).inputs!, { env: { KALEYRA_API_DOMAIN: emulator.url } })],
];

// A rest parameter keeps the function's arity at 0, so jest never mistakes `fault` for `done`.
test.each(cases)("%s: the error holds no trace of the key", async (...[, call, fault]) => {
  if (fault) emulator.addFault(fault);
  let caught: unknown;
  try {
    await call();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(Error);
  for (const text of renderings(caught)) {
    expect(text).not.toContain(KEY);
    expect(text).not.toContain("SECRET");
  }
});

test("debug log lines name requests and outcomes, never the key", () => {
  expect(logLines.length).toBeGreaterThan(cases.length);
  expect(logLines.some((line) => /POST \/v2\/HXAP16REDACT01IN\/whatsapp\/1234567890123459 -> 500 WA-500/.test(line))).toBe(true);
  for (const line of logLines) expect(line).not.toContain("SECRET");
});

test("the client object itself does not show its key when logged or serialized", () => {
  const c = client();
  for (const text of [JSON.stringify(c), util.inspect(c, { depth: Infinity, showHidden: true }), String(c)]) {
    expect(text).not.toContain("SECRET");
  }
});

test("the emulator's request log masks the key", () => {
  expect(JSON.stringify(emulator.requests())).not.toContain("SECRET");
});
