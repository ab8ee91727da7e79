/**
 * Import (the native provider's read by id alone) of both resources against the emulator:
 * what it records, what it refuses before anything is sent.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DEMO_SEED, RunningEmulator, startEmulator } from "../../emulator";
import { ConfigurationError } from "../../provider/errors";
import { importFlow } from "../../provider/resources/flow";
import { importFlow as importMetadata } from "../../provider/resources/flow-metadata";
import type { SettingSources } from "../../provider/settings";
import { contextOf } from "../support/provider-context";

const SID = "HXAP16DEMO0097IN";
const WABA = DEMO_SEED.accounts[0].wabaId!;
const BOOKING = "1234567890123452"; // PUBLISHED
const JSON_TEXT = fs.readFileSync(path.join(__dirname, "../fixtures/flow-json/sign-up.json"), "utf8");

let emulator: RunningEmulator;
let sources: SettingSources;
beforeAll(async () => {
  emulator = await startEmulator();
  sources = {
    env: { KALEYRA_SID: SID, KALEYRA_API_KEY: DEMO_SEED.accounts[0].apiKey, KALEYRA_API_DOMAIN: emulator.url },
  };
});
afterAll(async () => emulator.close());
beforeEach(() => emulator.loadSeed(DEMO_SEED));

test("a Flow imported as <wabaId>/<flowId> records the WABA, the JSON and publish for a live flow", async () => {
  emulator.setFlowJson(SID, BOOKING, JSON_TEXT);
  const result = await importFlow(`${WABA}/${BOOKING}`, contextOf(sources));
  expect(result.id).toBe(BOOKING);
  expect(result.inputs).toMatchObject({ wabaId: WABA, flowId: BOOKING, publish: true, name: "Book an appointment" });
  expect(JSON.parse(result.inputs!.flowJson)).toEqual(JSON.parse(JSON_TEXT));
  expect(result.props).toMatchObject({ wabaId: WABA, status: "PUBLISHED", created: false, publish: true });
  expect(emulator.requests().every((r) => r.method === "GET")).toBe(true);
});

test("a bad import id is refused naming the id and its form; nothing is sent", async () => {
  for (const [step, id] of [
    [importFlow, "12/1234567890123452"],
    [importFlow, "not-a-flow"],
    [importMetadata, "1234"],
  ] as const) {
    const error = await step(id, contextOf(sources)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).message).toContain(`cannot import ${JSON.stringify(id)}`);
  }
  expect(emulator.requests()).toEqual([]);
});

test("without an account in the provider's configuration, the import says what to set; nothing is sent", async () => {
  const error = await importMetadata(BOOKING, contextOf({ env: {} })).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigurationError);
  expect((error as Error).message).toContain("kaleyra:sid");
  expect(emulator.requests()).toEqual([]);
});
