/**
 * The provider's lifecycle (what the dynamic-provider host calls) against the emulator: create
 * and update read before they write and send only what differs; published flows are safe by
 * default under both behaviours Meta documents; read reports drift, drops only a flow that
 * Kaleyra says is gone, and fails safe on anything else; old state is parsed, never cast.
 */
import { isRetryable } from "../../provider/client/retry";
import { contextOf, settingsOf } from "../support/provider-context";
import { DEMO_SEED, RunningEmulator, startEmulator } from "../../emulator";
import { collectingDiagnostics, SILENT } from "../support/diagnostics";
import {
  AuthenticationError,
  FlowStatusError,
  FlowUpdateRefusedError,
  StateError,
  UnexpectedResponseError,
} from "../../provider/errors";
import { check, create, diff, read, update } from "../../provider/resources/flow-metadata";
import { SettingSources } from "../../provider/settings";
import { startScriptedServer } from "../support/scripted-server";

const SID = "HXAP16DEMO0097IN";
const KEY = DEMO_SEED.accounts[0].apiKey;
const DRAFT = "1234567890123451"; // "Sign up" [SIGN_UP], https://example.com/flows/sign-up, DRAFT
const PUBLISHED = "1234567890123452"; // "Book an appointment" [APPOINTMENT_BOOKING], PUBLISHED
let emulator: RunningEmulator;
let sources: SettingSources;

beforeAll(async () => {
  emulator = await startEmulator({ seed: DEMO_SEED, quiet: true });
  sources = {
    env: { KALEYRA_SID: SID, KALEYRA_API_KEY: KEY, KALEYRA_API_DOMAIN: emulator.url, KALEYRA_RETRY_BASE_MS: "5" },
  };
});
afterAll(async () => emulator.close());
beforeEach(() => emulator.loadSeed(DEMO_SEED));

function checked(news: Record<string, unknown>, using: SettingSources = sources): Record<string, unknown> {
  const result = check(news, settingsOf(using));
  expect(result.failures).toEqual([]);
  return result.inputs!;
}

const posts = () => emulator.requests({ method: "POST" });
const gets = () => emulator.requests({ method: "GET" });

describe("create adopts: read first, send only what differs", () => {
  test("a flow that already matches gets no update; its status lands in outputs", async () => {
    const inputs = checked({
      flowId: DRAFT,
      name: "Sign up",
      categories: ["SIGN_UP"],
      endpointUri: "https://example.com/flows/sign-up",
    });
    const result = await create(inputs, contextOf(sources));
    expect(result.id).toBe(DRAFT);
    expect(result.outs).toEqual({ ...inputs, status: "DRAFT" });
    expect(gets()).toHaveLength(1);
    expect(gets()[0].query.fields).toBe("id,name,categories,endpoint_uri,status");
    expect(posts()).toHaveLength(0);
  });

  test("the same categories in another order and with repeats count as matching", async () => {
    emulator.patchFlow(SID, DRAFT, { categories: ["SURVEY", "SIGN_UP"] });
    await create(checked({ flowId: DRAFT, categories: ["SIGN_UP", "SURVEY", "SIGN_UP"] }), contextOf(sources));
    expect(posts()).toHaveLength(0);
  });

  test("a flow that differs: one POST of only the differing fields; outputs as applied", async () => {
    const inputs = checked({
      flowId: DRAFT,
      name: "Adopted",
      categories: ["SIGN_UP"],
      endpointUri: "https://example.com/flows/sign-up",
    });
    const result = await create(inputs, contextOf(sources));
    expect(result.outs).toEqual({ ...inputs, status: "DRAFT" });
    expect(posts()).toHaveLength(1);
    expect(JSON.parse(posts()[0].body)).toEqual({ name: "Adopted" });
    expect(emulator.getFlow(SID, DRAFT)).toMatchObject({ name: "Adopted", categories: ["SIGN_UP"] });
  });

  test("a published flow that already matches is adopted without a word or a request beyond the read", async () => {
    const diagnostics = collectingDiagnostics();
    const result = await create(
      checked({ flowId: PUBLISHED, name: "Book an appointment", categories: ["APPOINTMENT_BOOKING"] }),
      contextOf(sources, diagnostics),
    );
    expect(result.outs).toMatchObject({ status: "PUBLISHED" });
    expect(posts()).toHaveLength(0);
    expect(diagnostics.warnings).toEqual([]);
  });
});

describe("update reads before it writes", () => {
  test("sends what differs and returns complete outputs with the status just read", async () => {
    const olds = {
      ...checked({ flowId: DRAFT, name: "Sign up", endpointUri: "https://example.com/flows/sign-up" }),
      status: "PUBLISHED",
    };
    const news = checked({ flowId: DRAFT, name: "Register", endpointUri: "https://example.com/flows/sign-up" });
    expect(await diff(olds, news, SILENT)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const result = await update(olds, news, contextOf(sources));
    expect(result.outs).toEqual({ ...news, status: "DRAFT" });
    expect(JSON.parse(posts()[0].body)).toEqual({ name: "Register" });
  });

  test("a re-run after an interrupted up, the flow already changed: a read and no update", async () => {
    emulator.patchFlow(SID, DRAFT, { name: "Register" });
    const olds = { ...checked({ flowId: DRAFT, name: "Sign up" }), status: "DRAFT" };
    const result = await update(olds, checked({ flowId: DRAFT, name: "Register" }), contextOf(sources));
    expect(result.outs).toMatchObject({ name: "Register", status: "DRAFT" });
    expect(gets()).toHaveLength(1);
    expect(posts()).toHaveLength(0);
  });

  test("only stopping to manage a field calls nothing", async () => {
    const olds = checked({ flowId: DRAFT, name: "Sign up", categories: ["SIGN_UP"] });
    const news = checked({ flowId: DRAFT, name: "Sign up" });
    const result = await update({ ...olds, status: "DRAFT" }, news, contextOf(sources));
    expect(result.outs).toEqual({ ...news, status: "DRAFT" });
    expect(emulator.requests()).toHaveLength(0);
  });
});

describe("published flows are safe by default", () => {
  const change = { flowId: PUBLISHED, name: "Book a visit" };

  test.each(["PUBLISHED", "THROTTLED"])(
    "%s, a change, no opt-in: fails naming the flow, its status and both ways forward; nothing sent",
    async (status) => {
      emulator.patchFlow(SID, PUBLISHED, { status: status as "PUBLISHED" });
      const attempt = create(checked(change), contextOf(sources));
      await expect(attempt).rejects.toBeInstanceOf(FlowStatusError);
      const error = (await attempt.catch((e) => e)) as FlowStatusError;
      expect(error.message).toContain(`flow ${PUBLISHED}`);
      expect(error.message).toContain(`the flow is ${status} and name would change; nothing was sent`);
      expect(error.message).toContain(
        "clone it into a new DRAFT flow in WhatsApp Manager and point flowId at the clone",
      );
      expect(error.message).toContain("allowPublishedUpdate: true");
      expect(error.message).toContain("kaleyra:allowPublishedUpdate");
      expect(error).toMatchObject({ flowStatus: status, fields: ["name"] });
      expect(isRetryable(error)).toBe(false);
      expect(posts()).toHaveLength(0);
      expect(emulator.getFlow(SID, PUBLISHED)!.name).toBe("Book an appointment");
    },
  );

  test("opt-in, an account where updates put the flow back to DRAFT: sent, read again, DRAFT in outputs, said as a warning", async () => {
    emulator.setPublishedUpdate(SID, "revert-to-draft");
    const diagnostics = collectingDiagnostics();
    const result = await create(checked({ ...change, allowPublishedUpdate: true }), contextOf(sources, diagnostics));
    expect(result.outs).toMatchObject({ name: "Book a visit", status: "DRAFT" });
    expect(posts()).toHaveLength(1);
    expect(gets()).toHaveLength(2);
    expect(diagnostics.warnings).toHaveLength(1);
    expect(diagnostics.warnings[0]).toMatch(
      /flow 1234567890123452 \("Book a visit", account HXAP16DEMO0097IN\) went from PUBLISHED to DRAFT when name changed \(allowPublishedUpdate is on\)\. Publish it again in WhatsApp Manager/,
    );
  });

  test("opt-in, an account that refuses updates to published flows: Kaleyra's refusal, the flow untouched", async () => {
    emulator.setPublishedUpdate(SID, "refuse");
    await expect(create(checked({ ...change, allowPublishedUpdate: true }), contextOf(sources))).rejects.toBeInstanceOf(
      FlowUpdateRefusedError,
    );
    expect(emulator.getFlow(SID, PUBLISHED)).toMatchObject({ name: "Book an appointment", status: "PUBLISHED" });
  });

  test.each([
    ["stack config", { config: { get: (k: string) => (k === "kaleyra:allowPublishedUpdate" ? "true" : undefined) } }],
    ["the environment", { env: { KALEYRA_ALLOW_PUBLISHED_UPDATE: "true" } }],
  ])("the opt-in from %s", async (_title, extra) => {
    emulator.setPublishedUpdate(SID, "revert-to-draft");
    const using: SettingSources = {
      config: (extra as SettingSources).config,
      env: { ...sources.env, ...(extra as SettingSources).env },
    };
    const result = await create(checked(change, using), contextOf(using));
    expect(result.outs).toMatchObject({ status: "DRAFT" });
  });

  test("the resource's own false beats an opt-in in stack config", async () => {
    const using: SettingSources = {
      config: { get: (k: string) => (k === "kaleyra:allowPublishedUpdate" ? "true" : undefined) },
      env: sources.env,
    };
    await expect(
      create(checked({ ...change, allowPublishedUpdate: false }, using), contextOf(using)),
    ).rejects.toBeInstanceOf(FlowStatusError);
    expect(posts()).toHaveLength(0);
  });

  test.each(["DEPRECATED", "BLOCKED"])(
    "%s with a change fails with no request, even with the opt-in; matching, it is adopted",
    async (status) => {
      emulator.patchFlow(SID, DRAFT, { status: status as "BLOCKED" });
      const attempt = create(checked({ flowId: DRAFT, name: "New", allowPublishedUpdate: true }), contextOf(sources));
      const error = (await attempt.catch((e) => e)) as FlowStatusError;
      expect(error).toBeInstanceOf(FlowStatusError);
      expect(error.message).toContain(`A ${status} flow cannot take metadata changes`);
      expect(posts()).toHaveLength(0);
      const adopted = await create(checked({ flowId: DRAFT, name: "Sign up" }), contextOf(sources));
      expect(adopted.outs).toMatchObject({ status });
    },
  );
});

describe("read (refresh)", () => {
  test("reports the managed fields as they are on Kaleyra, and the status", async () => {
    const state = checked({ flowId: DRAFT, name: "Sign up", categories: ["SIGN_UP"] });
    emulator.patchFlow(SID, DRAFT, {
      name: "Changed in console",
      categories: ["OTHER", "SIGN_IN"],
      status: "PUBLISHED",
    });
    const result = await read(DRAFT, state, contextOf(sources));
    expect(result.id).toBe(DRAFT);
    // endpoint_uri exists remotely but is not managed here: not reported.
    expect(result.props).toEqual({
      ...state,
      name: "Changed in console",
      categories: ["OTHER", "SIGN_IN"],
      status: "PUBLISHED",
    });
    // The same values as inputs, so the next preview shows `old => new` for the drifted fields.
    expect(result.inputs).toEqual({ ...state, name: "Changed in console", categories: ["OTHER", "SIGN_IN"] });
    expect((await diff(result.props!, state, SILENT)).changes).toBe(true);
  });

  test("reads Meta's bare flow object as well as Kaleyra's envelope", async () => {
    emulator.patchAccount(SID, { detailsShape: "bare" });
    const result = await read(DRAFT, checked({ flowId: DRAFT, name: "Sign up" }), contextOf(sources));
    expect(result.props).toMatchObject({ name: "Sign up", status: "DRAFT" });
  });

  test("keeps the program's category order when only the order differs remotely", async () => {
    const state = checked({ flowId: DRAFT, categories: ["SURVEY", "SIGN_UP"] });
    emulator.patchFlow(SID, DRAFT, { categories: ["SIGN_UP", "SURVEY"] });
    const result = await read(DRAFT, state, contextOf(sources));
    expect(result.props!.categories).toEqual(["SURVEY", "SIGN_UP"]);
    expect((await diff(result.props!, state, SILENT)).changes).toBe(false);
  });

  test("a managed field removed remotely leaves outputs, so the next up restores it", async () => {
    const state = checked({ flowId: DRAFT, endpointUri: "https://example.com/flows/sign-up" });
    emulator.patchFlow(SID, DRAFT, { endpoint_uri: null });
    const result = await read(DRAFT, state, contextOf(sources));
    expect(result.props!.endpointUri).toBeUndefined();
    expect((await diff(result.props!, state, SILENT)).changes).toBe(true);
  });

  test("a flow Kaleyra says is gone (WA-401 with error.flow_id) returns no id, so refresh drops it", async () => {
    emulator.deleteFlow(SID, DRAFT);
    expect(await read(DRAFT, checked({ flowId: DRAFT, name: "Sign up" }), contextOf(sources))).toEqual({});
  });

  test("any other 401 fails the refresh and keeps the flow", async () => {
    const wrongKey: SettingSources = { env: { ...sources.env, KALEYRA_API_KEY: "Awrongkey0000000000000000000000x" } };
    await expect(read(DRAFT, checked({ flowId: DRAFT, name: "Sign up" }), contextOf(wrongKey))).rejects.toBeInstanceOf(
      AuthenticationError,
    );
  });

  test("an answer of a shape it does not recognise fails the refresh, naming the flow and what arrived; nothing is returned", async () => {
    const server = await startScriptedServer(() => ({
      body: { code: "WA200", message: "Request Processed Successfully", data: { success: true }, error: {} },
    }));
    try {
      const odd: SettingSources = { env: { ...sources.env, KALEYRA_API_DOMAIN: server.url } };
      const attempt = read(DRAFT, checked({ flowId: DRAFT, name: "Sign up" }, odd), contextOf(odd));
      await expect(attempt).rejects.toBeInstanceOf(UnexpectedResponseError);
      await expect(attempt).rejects.toThrow(
        /flow 1234567890123451.*the flow object carries no id; what arrived \(application\/json\): \{"code":"WA200",.*"success":true/,
      );
    } finally {
      await server.close();
    }
  });
});

describe("old state is parsed, never cast", () => {
  const old = {
    flowId: DRAFT,
    name: "Sign up",
    sid: SID,
    region: "IN",
    apiDomain: "https://api.in.kaleyra.io",
    status: "DRAFT",
  };

  test("a missing SID is resolved from the settings, never the text 'undefined' in a URL", async () => {
    const { sid: _sid, ...noSid } = old;
    const result = await read(DRAFT, { ...noSid, apiDomain: emulator.url }, contextOf(sources));
    expect(result.props).toMatchObject({ sid: SID });
    expect(emulator.requests().map((r) => r.path)).toEqual([`/v2/${SID}/whatsapp/${DRAFT}`]);
  });

  test("no SID in state nor in the settings: a StateError naming the field, nothing sent", async () => {
    const { sid: _sid, ...noSid } = old;
    const bare: SettingSources = { env: { KALEYRA_API_KEY: KEY } };
    const attempt = read(DRAFT, { ...noSid, apiDomain: emulator.url }, contextOf(bare));
    await expect(attempt).rejects.toBeInstanceOf(StateError);
    await expect(attempt).rejects.toThrow(/state for Kaleyra flow 1234567890123451 cannot be used: sid/);
    expect(emulator.requests()).toHaveLength(0);
  });

  test.each([
    [
      "an API domain that is now refused (plain http off this machine)",
      { apiDomain: "http://kaleyra.example.com" },
      "apiDomain",
    ],
    ["a name that is not a string", { name: 42 }, "name"],
    ["categories that are not a list", { categories: "SIGN_UP" }, "categories"],
    ["a status nobody documents", { status: "LIVE" }, "status"],
    ["a flow id that is not digits", { flowId: "abc" }, "flowId"],
  ])("%s: a StateError, nothing sent", async (_title, change, field) => {
    const attempt = read(DRAFT, { ...old, apiDomain: emulator.url, ...change }, contextOf(sources));
    await expect(attempt).rejects.toBeInstanceOf(StateError);
    expect(((await attempt.catch((e) => e)) as StateError).field).toBe(field);
    expect(emulator.requests()).toHaveLength(0);
  });
});

test("no API key: a clear error before anything is sent", async () => {
  const inputs = checked({ flowId: DRAFT, name: "x" });
  await expect(create(inputs, contextOf({ env: { ...sources.env, KALEYRA_API_KEY: undefined } }))).rejects.toThrow(
    /no API key for Kaleyra account HXAP16DEMO0097IN.*Nothing was sent/,
  );
  expect(emulator.requests()).toHaveLength(0);
});

test("two accounts on two pods in one run, each with its own key", async () => {
  const eu = DEMO_SEED.accounts[1];
  const twoAccounts: SettingSources = {
    env: {
      KALEYRA_API_DOMAIN: emulator.url,
      KALEYRA_API_KEY_HXAP16DEMO0097IN: KEY,
      [`KALEYRA_API_KEY_${eu.sid}`]: eu.apiKey,
    },
  };
  const a = check({ flowId: DRAFT, name: "IN flow", sid: SID, region: "IN" }, settingsOf(twoAccounts)).inputs!;
  const b = check(
    { flowId: String(eu.flows![0].id), name: "EU flow", sid: eu.sid, region: "EU" },
    settingsOf(twoAccounts),
  ).inputs!;
  await Promise.all([create(a, contextOf(twoAccounts)), create(b, contextOf(twoAccounts))]);
  expect(emulator.getFlow(SID, DRAFT)!.name).toBe("IN flow");
  expect(emulator.getFlow(eu.sid, String(eu.flows![0].id))!.name).toBe("EU flow");
});
