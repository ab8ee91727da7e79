/**
 * The Flow resource's lifecycle (what the dynamic-provider host calls) against the emulator:
 * create lists before it creates and never makes a second flow; the JSON is uploaded only when
 * it differs from what the flow holds; Meta's validation errors fail the step with the flow's
 * state kept; publishing happens only on `publish: true`; published flows follow the
 * FlowMetadata policy under both of Meta's behaviours; refresh reads the JSON back; destroy
 * deletes only the stack's own drafts and deprecates only on opt-in.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DEMO_SEED, RunningEmulator, startEmulator } from "../../emulator";
import {
  FlowPublishRefusedError,
  FlowStatusError,
  FlowUpdateRefusedError,
  FlowValidationFailedError,
  KaleyraError,
} from "../../provider/errors";
import { flowJsonSha256 } from "../../provider/flow-json";
import flowRuntime from "../../provider/flow-runtime";
import { check, create, diff, read, remove, update } from "../../provider/resources/flow";
import { SERIALIZED_FLOW_PROVIDER } from "../../provider/shim";
import { SettingSources } from "../../provider/settings";
import { collectingDiagnostics, SILENT } from "../support/diagnostics";
import { contextOf, settingsOf } from "../support/provider-context";

const SID = "HXAP16DEMO0097IN";
const KEY = DEMO_SEED.accounts[0].apiKey;
const WABA = DEMO_SEED.accounts[0].wabaId!;
const SIGN_UP = "1234567890123451"; // DRAFT "Sign up" in the demo seed, with an endpoint
const BOOKING = "1234567890123452"; // PUBLISHED "Book an appointment"
const TEXT = fs.readFileSync(path.join(__dirname, "../fixtures/flow-json/sign-up.json"), "utf8");
const VALUE = JSON.parse(TEXT) as Record<string, any>;

let emulator: RunningEmulator;
let sources: SettingSources;

beforeAll(async () => {
  emulator = await startEmulator({ seed: DEMO_SEED, quiet: true });
  sources = {
    env: {
      KALEYRA_SID: SID,
      KALEYRA_API_KEY: KEY,
      KALEYRA_API_DOMAIN: emulator.url,
      KALEYRA_RETRY_BASE_MS: "1",
      KALEYRA_MAX_RETRIES: "1",
    },
  };
});
afterAll(async () => emulator.close());
beforeEach(() => emulator.loadSeed(DEMO_SEED));

/** The inputs `check` hands on, which must pass. */
async function checked(news: Record<string, unknown>, olds: Record<string, unknown> = {}) {
  const result = await check(olds, news, settingsOf(sources), SILENT);
  expect(result.failures).toEqual([]);
  return result.inputs!;
}

const NEW_FLOW = { wabaId: WABA, name: "Rewards sign up", categories: ["SIGN_UP"], flowJson: TEXT };
const calls = () => emulator.requests().map((r) => `${r.method} ${r.path.replace(`/v2/${SID}/whatsapp`, "")}`);
const flowsNamed = (name: string) => emulator.flows()[0].flows.filter((f) => f.name === name);
const withState = (error: unknown) => error as KaleyraError & { id?: string; properties?: Record<string, any> };

/** A create's or update's failure, which must carry the state the engine is to record. */
async function partialFailure(step: Promise<unknown>) {
  const error = withState(
    await step.then(
      () => undefined,
      (e: unknown) => e,
    ),
  );
  expect(error).toBeInstanceOf(KaleyraError);
  expect(error.properties).toBeDefined();
  // The lifecycle serves both entry points: what a host needs beside the state, each adds.
  expect(error.properties).not.toHaveProperty("__provider");
  return error;
}

describe("create: read before write, never a second flow", () => {
  test("a new flow: the WABA listed, the flow created, its JSON uploaded once; nothing published", async () => {
    const result = await create(await checked(NEW_FLOW), contextOf(sources));
    const made = emulator.getFlow(SID, result.id)!;
    expect(made).toMatchObject({ name: "Rewards sign up", status: "DRAFT" });
    expect(JSON.parse(made.flowJson!)).toEqual(VALUE);
    expect(result.outs).toMatchObject({
      flowId: result.id,
      wabaId: WABA,
      status: "DRAFT",
      created: true,
      publish: false,
      validationErrors: [],
      jsonVersion: "7.3",
      flowJsonSha256: flowJsonSha256(VALUE),
    });
    expect(result.outs).not.toHaveProperty("flowJson");
    expect(calls()).toEqual([
      `GET /${WABA}/flows`,
      `POST /${WABA}/flows`,
      `GET /${result.id}`,
      `POST /${result.id}/assets`,
    ]);
  });

  test("run again (the state lost): the flow of that name is adopted, its JSON compared, nothing sent", async () => {
    const first = await create(await checked(NEW_FLOW), contextOf(sources));
    emulator.clearRequests();
    const again = await create(await checked(NEW_FLOW), contextOf(sources));
    expect(again.id).toBe(first.id);
    expect(again.outs).toMatchObject({ created: false });
    expect(flowsNamed("Rewards sign up")).toHaveLength(1);
    expect(emulator.requests({ method: "POST" })).toHaveLength(0);
    expect(emulator.downloads()).toHaveLength(1);
  });

  test("a Create whose answer was lost: not sent again; the WABA listed again finds the flow it made", async () => {
    emulator.addFault({ type: "lostAnswer", route: "create", method: "POST", times: 1 } as never);
    const result = await create(await checked(NEW_FLOW), contextOf(sources));
    expect(flowsNamed("Rewards sign up")).toHaveLength(1);
    expect(result.id).toBe(flowsNamed("Rewards sign up")[0].id);
    expect(result.outs).toMatchObject({ created: true });
    expect(calls().filter((c) => c === `POST /${WABA}/flows`)).toEqual([`POST /${WABA}/flows`]);
  });

  test("an upload that fails after the flow was made: the failure carries the flow, and the next run reuses it", async () => {
    emulator.addFault({ type: "error500", route: "assets", method: "POST" } as never);
    const error = await partialFailure(create(await checked(NEW_FLOW), contextOf(sources)));
    expect(error.id).toMatch(/^[0-9]+$/);
    expect(error.properties).toMatchObject({ flowId: error.id, created: true, status: "DRAFT" });
    expect(error.properties).not.toHaveProperty("flowJsonSha256");
    for (const fault of emulator.faults()) emulator.removeFault(fault.id);
    const again = await create(await checked(NEW_FLOW), contextOf(sources));
    expect(again.id).toBe(error.id);
    expect(flowsNamed("Rewards sign up")).toHaveLength(1);
    expect(JSON.parse(emulator.getFlow(SID, again.id)!.flowJson!)).toEqual(VALUE);
  });

  test("through the dynamic provider's entry, that failure's state also carries the loader the host stores", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, sources.env);
    try {
      await flowRuntime.configure({ config: { get: () => undefined } } as never);
      emulator.addFault({ type: "error500", route: "assets", method: "POST" } as never);
      const error = withState(await flowRuntime.create(await checked(NEW_FLOW)).catch((e: unknown) => e));
      expect(error.properties).toMatchObject({ flowId: error.id, created: true, __provider: SERIALIZED_FLOW_PROVIDER });
    } finally {
      process.env = saved;
    }
  });

  test("Meta's validation errors fail the create, the flow left a DRAFT holding that JSON; the fix re-uploads", async () => {
    // A JSON Meta refuses that this package's own checks would have stopped at preview:
    // given to create directly, as if check had not run, to see Meta's answer handled.
    const broken = structuredClone(VALUE);
    broken.screens[0].layout.children[0].type = "TextHeadng";
    const inputs = { ...(await checked(NEW_FLOW)), flowJson: JSON.stringify(broken) };
    const error = await partialFailure(create(inputs, contextOf(sources)));
    expect(error).toBeInstanceOf(FlowValidationFailedError);
    expect(error.message).toContain("Meta found");
    expect((error as FlowValidationFailedError).validationErrors.length).toBeGreaterThan(0);
    expect(error.properties!.validationErrors.length).toBeGreaterThan(0);
    const held = emulator.getFlow(SID, error.id!)!;
    expect(held.status).toBe("DRAFT");
    expect(JSON.parse(held.flowJson!)).toEqual(broken);

    emulator.clearRequests();
    const fixed = await update(error.properties!, await checked(NEW_FLOW), contextOf(sources));
    expect(fixed.outs).toMatchObject({ validationErrors: [], flowJsonSha256: flowJsonSha256(VALUE) });
    expect(emulator.requests({ method: "POST" }).map((r) => r.path)).toEqual([
      `/v2/${SID}/whatsapp/${error.id}/assets`,
    ]);
  });

  test("adopting by flowId: no list, no create; a JSON that already matches is not uploaded", async () => {
    emulator.setFlowJson(SID, SIGN_UP, TEXT);
    emulator.clearRequests();
    const inputs = await checked({
      flowId: SIGN_UP,
      name: "Sign up",
      categories: ["SIGN_UP"],
      endpointUri: "https://example.com/flows/sign-up",
      flowJson: JSON.stringify(Object.fromEntries(Object.entries(VALUE).reverse())),
    });
    const result = await create(inputs, contextOf(sources));
    expect(result.outs).toMatchObject({ flowId: SIGN_UP, created: false });
    expect(emulator.requests({ method: "POST" })).toHaveLength(0);
  });
});

describe("update: only what differs", () => {
  test("a changed JSON is uploaded once; the metadata, unchanged, is not sent", async () => {
    const made = await create(await checked(NEW_FLOW), contextOf(sources));
    const changed = structuredClone(VALUE);
    changed.screens[0].title = "Join Acme Rewards today";
    const news = await checked({ ...NEW_FLOW, flowJson: JSON.stringify(changed) });
    const change = await diff(made.outs!, news, SILENT);
    expect(change).toMatchObject({ changes: true, replaces: [] });
    emulator.clearRequests();
    const result = await update(made.outs!, news, contextOf(sources));
    expect(result.outs!.flowJsonSha256).toBe(flowJsonSha256(changed));
    expect(emulator.requests({ method: "POST" }).map((r) => r.path)).toEqual([`/v2/${SID}/whatsapp/${made.id}/assets`]);
  });
});

describe("publishing on purpose", () => {
  test("publish: true publishes after a clean upload; the status output says PUBLISHED", async () => {
    const result = await create(await checked({ ...NEW_FLOW, publish: true }), contextOf(sources));
    expect(result.outs).toMatchObject({ status: "PUBLISHED", publish: true });
    expect(emulator.getFlow(SID, result.id)!.status).toBe("PUBLISHED");
    expect(calls().filter((c) => c.endsWith("/publish"))).toEqual([`POST /${result.id}/publish`]);
  });

  test("a publish carried out whose answer was lost: the retry is refused, the status read says it is done", async () => {
    emulator.addFault({ type: "lostAnswer", route: "publish", method: "POST", times: 1 } as never);
    const result = await create(await checked({ ...NEW_FLOW, publish: true }), contextOf(sources));
    expect(result.outs).toMatchObject({ status: "PUBLISHED", publish: true });
    expect(emulator.getFlow(SID, result.id)!.status).toBe("PUBLISHED");
    // The lost one and its retry, both sent; nothing else published.
    expect(calls().filter((c) => c.endsWith("/publish"))).toEqual([
      `POST /${result.id}/publish`,
      `POST /${result.id}/publish`,
    ]);
  });

  test("a publish Meta refuses fails the step, the flow still a DRAFT in the recorded state", async () => {
    // data_api_version without an endpoint: refused by Meta (139002); check would refuse it first.
    const endpointFlow = { ...VALUE, data_api_version: "3.0", routing_model: { WELCOME: [] } };
    const inputs = { ...(await checked({ ...NEW_FLOW, publish: true })), flowJson: JSON.stringify(endpointFlow) };
    const error = await partialFailure(create(inputs, contextOf(sources)));
    expect(error).toBeInstanceOf(FlowPublishRefusedError);
    expect(error.metaCode).toBe(139002);
    expect(emulator.getFlow(SID, error.id!)!.status).toBe("DRAFT");
    expect(error.properties!.status).toBe("DRAFT");
  });

  test("publish false on a PUBLISHED flow is refused with nothing sent", async () => {
    const inputs = await checked({
      flowId: BOOKING,
      name: "Book an appointment",
      categories: ["APPOINTMENT_BOOKING"],
      flowJson: TEXT,
    });
    const error = await create(inputs, contextOf(sources)).catch((e: unknown) => e);
    expect(String(error)).toContain("is PUBLISHED but publish is false; nothing was sent");
    expect(emulator.requests({ method: "POST" })).toHaveLength(0);
  });

  test.each(["revert-to-draft", "refuse"] as const)(
    "a JSON change to a PUBLISHED flow: refused without the opt-in; with it, under %s",
    async (mode) => {
      emulator.setPublishedUpdate(SID, mode);
      emulator.setFlowJson(SID, BOOKING, TEXT);
      const base = { flowId: BOOKING, name: "Book an appointment", categories: ["APPOINTMENT_BOOKING"], publish: true };
      const adopted = await create(await checked({ ...base, flowJson: TEXT }), contextOf(sources));
      expect(adopted.outs).toMatchObject({ status: "PUBLISHED", created: false });
      const changed = structuredClone(VALUE);
      changed.screens[0].title = "A new title";
      emulator.clearRequests();
      const refused = await update(
        adopted.outs!,
        await checked({ ...base, flowJson: JSON.stringify(changed) }),
        contextOf(sources),
      ).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(FlowStatusError);
      expect(emulator.requests({ method: "POST" })).toHaveLength(0);

      const diagnostics = collectingDiagnostics();
      const optIn = await checked({ ...base, flowJson: JSON.stringify(changed), allowPublishedUpdate: true });
      const applied = update(adopted.outs!, optIn, contextOf(sources, diagnostics));
      if (mode === "refuse") {
        const error = await partialFailure(applied);
        expect(error).toBeInstanceOf(FlowUpdateRefusedError);
        expect(emulator.getFlow(SID, BOOKING)!.status).toBe("PUBLISHED");
      } else {
        const result = await applied;
        expect(result.outs).toMatchObject({ status: "PUBLISHED", flowJsonSha256: flowJsonSha256(changed) });
        expect(diagnostics.warnings.join("\n")).toContain("went from PUBLISHED to DRAFT");
        expect(emulator.requests({ method: "POST" }).map((r) => r.path.split("/").pop())).toEqual([
          "assets",
          "publish",
        ]);
      }
    },
  );
});

describe("refresh: the JSON read back, drift seen", () => {
  test("a JSON edited in WhatsApp Manager shows as a new flowJson input and sha", async () => {
    const made = await create(await checked(NEW_FLOW), contextOf(sources));
    const edited = structuredClone(VALUE);
    edited.screens[0].title = "Edited in WhatsApp Manager";
    emulator.setFlowJson(SID, made.id, JSON.stringify(edited, null, 4));
    emulator.clearRequests();
    const result = await read(made.id, made.outs!, contextOf(sources));
    expect(result.props!.flowJsonSha256).toBe(flowJsonSha256(edited));
    expect(JSON.parse(result.inputs!.flowJson as string)).toEqual(edited);
    expect(result.inputs).not.toHaveProperty("status");
    const download = emulator.downloads()[0];
    expect(Object.keys(download.headers)).not.toContain("api-key");
    const next = await diff(result.props!, await checked(NEW_FLOW), SILENT);
    expect(next.changes).toBe(true);
  });

  test("a flow gone from Kaleyra leaves the stack", async () => {
    const made = await create(await checked(NEW_FLOW), contextOf(sources));
    emulator.deleteFlow(SID, made.id);
    expect(await read(made.id, made.outs!, contextOf(sources))).toEqual({});
  });
});

describe("destroy: by the status read just before", () => {
  test("a DRAFT this stack created is deleted", async () => {
    const made = await create(await checked(NEW_FLOW), contextOf(sources));
    await remove(made.id, made.outs!, contextOf(sources));
    expect(emulator.getFlow(SID, made.id)).toBeUndefined();
  });

  test("an adopted DRAFT is forgotten, left as it is", async () => {
    const inputs = await checked({
      flowId: SIGN_UP,
      name: "Sign up",
      categories: ["SIGN_UP"],
      flowJson: TEXT,
      endpointUri: "https://example.com/flows/sign-up",
    });
    const adopted = await create(inputs, contextOf(sources));
    emulator.clearRequests();
    await remove(adopted.id, adopted.outs!, contextOf(sources));
    expect(emulator.getFlow(SID, SIGN_UP)!.status).toBe("DRAFT");
    expect(emulator.requests().filter((r) => r.method !== "GET")).toHaveLength(0);
  });

  test("a published flow: forgotten with a warning, or deprecated with deprecateOnDelete; deprecating twice is done", async () => {
    const made = await create(await checked({ ...NEW_FLOW, publish: true }), contextOf(sources));
    const live = collectingDiagnostics();
    await remove(made.id, made.outs!, contextOf(sources, live));
    expect(emulator.getFlow(SID, made.id)!.status).toBe("PUBLISHED");
    expect(live.warnings[0]).toContain("stays live");

    const retire = { ...made.outs!, deprecateOnDelete: true };
    await remove(made.id, retire, contextOf(sources));
    expect(emulator.getFlow(SID, made.id)!.status).toBe("DEPRECATED");
    emulator.clearRequests();
    await remove(made.id, retire, contextOf(sources));
    expect(emulator.requests().filter((r) => r.method !== "GET")).toHaveLength(0);
  });
});

describe("moving a FlowMetadata to a Flow keeps the flow", () => {
  test("the update from FlowMetadata's outputs compares the JSON the flow holds, and sends nothing when it matches", async () => {
    emulator.setFlowJson(SID, SIGN_UP, TEXT);
    const metadataOutputs = {
      flowId: SIGN_UP,
      name: "Sign up",
      categories: ["SIGN_UP"],
      endpointUri: "https://example.com/flows/sign-up",
      sid: SID,
      region: "IN",
      apiDomain: emulator.url,
      status: "DRAFT",
    };
    const news = await checked({
      flowId: SIGN_UP,
      name: "Sign up",
      categories: ["SIGN_UP"],
      endpointUri: "https://example.com/flows/sign-up",
      flowJson: TEXT,
    });
    emulator.clearRequests();
    const result = await update(metadataOutputs, news, contextOf(sources));
    expect(result.outs).toMatchObject({ flowId: SIGN_UP, created: false, flowJsonSha256: flowJsonSha256(VALUE) });
    expect(emulator.requests({ method: "POST" })).toHaveLength(0);
    expect(emulator.getFlow(SID, SIGN_UP)).toBeDefined();
  });
});
