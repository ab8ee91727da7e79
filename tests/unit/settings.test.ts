import { ConfigurationError } from "../../provider/errors";
import {
  ApiKeys,
  clientSettingsFor,
  type ConfigSource,
  readSettings,
  resolveAccount,
  type SettingSources,
  TUNING,
  use,
} from "../../provider/settings";

const config = (values: Record<string, string>): ConfigSource => ({ get: (key) => values[key] });
const account = (args: Record<string, unknown>, sources: SettingSources) => resolveAccount(args, readSettings(sources));

describe("account resolution: args, then stack config, then environment", () => {
  test("args win over config and env", () => {
    const sources = { config: config({ "kaleyra:sid": "CFGSID" }), env: { KALEYRA_SID: "ENVSID" } };
    expect(account({ sid: "ARGSID" }, sources).account?.sid).toBe("ARGSID");
  });
  test("config wins over env", () => {
    expect(
      account({}, { config: config({ "kaleyra:sid": "CFGSID" }), env: { KALEYRA_SID: "ENVSID" } }).account?.sid,
    ).toBe("CFGSID");
  });
  test("env is the last resort", () => {
    expect(account({}, { env: { KALEYRA_SID: "ENVSID" } }).account?.sid).toBe("ENVSID");
  });
  test.each([
    ["IN", "https://api.in.kaleyra.io"],
    ["SG", "https://api.ap.kaleyra.io"],
    ["EU", "https://api.eu.kaleyra.io"],
  ])("region %s maps to the seed's pod %s", (region, domain) => {
    expect(account({ sid: "S", region }, { env: {} }).account?.apiDomain).toBe(domain);
  });
  test("no region anywhere means IN", () => {
    expect(account({ sid: "S" }, { env: {} }).account).toEqual({
      sid: "S",
      region: "IN",
      apiDomain: "https://api.in.kaleyra.io",
    });
  });
  test("an API domain at any level overrides the region", () => {
    const resolved = account({ sid: "S", region: "EU" }, { env: { KALEYRA_API_DOMAIN: "http://127.0.0.1:4010" } });
    expect(resolved.account).toEqual({ sid: "S", region: "EU", apiDomain: "http://127.0.0.1:4010" });
  });
  test("a bad argument names the property; a bad setting names its key and no property", () => {
    expect(account({ sid: "not a sid" }, { env: {} }).failures).toEqual([
      { property: "sid", reason: expect.stringMatching(/^sid is not a Kaleyra SID/) },
    ]);
    const fromConfig = account({}, { config: config({ "kaleyra:sid": "not a sid" }), env: {} }).failures;
    expect(fromConfig).toEqual([{ property: "", reason: expect.stringMatching(/^kaleyra:sid is not a Kaleyra SID/) }]);
  });
  test("a bad default is only a failure for a resource that uses it", () => {
    const sources = { env: { KALEYRA_SID: "not a sid", KALEYRA_REGION: "mars" } };
    expect(account({ sid: "S", region: "EU" }, sources).failures).toEqual([]);
    expect(readSettings(sources).failures).toEqual([]);
  });
});

describe("API keys", () => {
  test("per-SID key in config beats everything", () => {
    const sources = {
      config: config({ "kaleyra:apiKeys": JSON.stringify({ S1: "k-config-s1" }), "kaleyra:apiKey": "k-config" }),
      env: { KALEYRA_API_KEY: "k-env" },
    };
    expect(new ApiKeys(sources).for("S1")).toBe("k-config-s1");
    expect(new ApiKeys(sources).for("S2")).toBe("k-config");
  });
  test("per-SID env key beats the global keys", () => {
    expect(
      new ApiKeys({ config: config({ "kaleyra:apiKey": "k-config" }), env: { KALEYRA_API_KEY_S1: "k-env-s1" } }).for(
        "S1",
      ),
    ).toBe("k-env-s1");
  });
  test("global config key beats the global env key", () => {
    expect(
      new ApiKeys({ config: config({ "kaleyra:apiKey": "k-config" }), env: { KALEYRA_API_KEY: "k-env" } }).for("S1"),
    ).toBe("k-config");
  });
  test("no key: a ConfigurationError saying how to set one", () => {
    expect(() => new ApiKeys({ env: {} }).for("S1")).toThrow(ConfigurationError);
    expect(() => new ApiKeys({ env: {} }).for("S1")).toThrow(/pulumi config set --secret kaleyra:apiKey/);
  });
  test("an unreadable kaleyra:apiKeys is a failure at check and an error at use, never echoing its value", () => {
    const sources = { config: config({ "kaleyra:apiKeys": "not-json-SECRETVALUE" }), env: {} };
    const settings = readSettings(sources);
    expect(settings.failures).toHaveLength(1);
    expect(JSON.stringify(settings.failures)).not.toContain("SECRETVALUE");
    expect(() => settings.apiKeys.for("S1")).toThrow(ConfigurationError);
    expect(() => settings.apiKeys.for("S1")).not.toThrow(/SECRETVALUE/);
  });
  test("every key the settings know, for redaction: global keys, per-SID variables, the map's values", () => {
    const sources = {
      config: config({
        "kaleyra:apiKey": "k-config",
        "kaleyra:apiKeys": JSON.stringify({ S1: "k-map-1", S2: "k-map-2" }),
      }),
      env: { KALEYRA_API_KEY: "k-env", KALEYRA_API_KEY_S3: "k-env-3", KALEYRA_SID: "S1" },
    };
    expect([...new ApiKeys(sources).all].sort()).toEqual(["k-config", "k-env", "k-env-3", "k-map-1", "k-map-2"]);
  });
  test("a kaleyra:apiKeys that is not a map (a key set in the wrong place) is masked whole", () => {
    const keys = new ApiKeys({ config: config({ "kaleyra:apiKeys": "Aplainkey000000000000000000000003" }), env: {} });
    expect(keys.all).toEqual(["Aplainkey000000000000000000000003"]);
  });
  test("the keys never show when the settings are logged", () => {
    const settings = readSettings({ env: { KALEYRA_API_KEY: "Asecretkey000000000000000000000001" } });
    expect(JSON.stringify(settings)).not.toContain("Asecretkey");
  });
});

describe("tunables and switches", () => {
  const SITE = { sid: "S", region: "IN" as const, apiDomain: "https://api.in.kaleyra.io" };
  test("defaults", () => {
    const s = clientSettingsFor(SITE, readSettings({ env: { KALEYRA_API_KEY: "k" } }));
    expect(s).toMatchObject({
      timeoutMs: TUNING.timeoutMs.default,
      deadlineMs: TUNING.deadlineMs.default,
      maxRetries: TUNING.maxRetries.default,
      concurrency: TUNING.concurrency.default,
    });
    expect(s.log).toBeUndefined();
  });
  test("config beats env", () => {
    expect(
      use(
        readSettings({ config: config({ "kaleyra:concurrency": "4" }), env: { KALEYRA_CONCURRENCY: "9" } }).tuning
          .concurrency,
      ),
    ).toBe(4);
    expect(use(readSettings({ env: { KALEYRA_CONCURRENCY: "9" } }).tuning.concurrency)).toBe(9);
  });
  test("a bad value is a failure naming its source and range, never the value, and an error at use", () => {
    const settings = readSettings({ env: { KALEYRA_TIMEOUT_MS: "fast" } });
    expect(settings.failures).toEqual([
      { property: "", reason: expect.stringMatching(/^KALEYRA_TIMEOUT_MS must be a whole number from 100 to 600000/) },
    ]);
    expect(settings.failures[0].reason).not.toContain("fast");
    expect(() => use(settings.tuning.timeoutMs)).toThrow(ConfigurationError);
    expect(() =>
      clientSettingsFor(SITE, readSettings({ env: { KALEYRA_API_KEY: "k", KALEYRA_TIMEOUT_MS: "fast" } })),
    ).toThrow(/KALEYRA_TIMEOUT_MS/);
  });
  test.each([" 100", "100 ", "1e3", "0x10", "+200", "200.0", "0200", "-5", "１００"])(
    "%p is not a whole decimal number",
    (raw) => {
      const settings = readSettings({ config: config({ "kaleyra:timeoutMs": raw }), env: {} });
      expect(settings.failures[0]?.reason).toMatch(
        /kaleyra:timeoutMs must be a whole number from 100 to 600000, written in decimal digits only/,
      );
    },
  );
  test("an empty value counts as not set", () => {
    expect(use(readSettings({ config: config({ "kaleyra:timeoutMs": "" }), env: {} }).tuning.timeoutMs)).toBe(
      TUNING.timeoutMs.default,
    );
  });
  test("out of range, below and above", () => {
    expect(readSettings({ env: { KALEYRA_CONCURRENCY: "0" } }).failures[0].reason).toMatch(/it is below that range/);
    expect(readSettings({ env: { KALEYRA_CONCURRENCY: "257" } }).failures[0].reason).toMatch(/it is above that range/);
  });
  test("a bad kaleyra:debug is a failure, not silently off", () => {
    const settings = readSettings({ config: config({ "kaleyra:debug": "loud" }), env: {} });
    expect(settings.debug).toBe(false);
    expect(settings.failures).toEqual([
      { property: "", reason: expect.stringMatching(/^kaleyra:debug must be 1, true, yes or on/) },
    ]);
    expect(readSettings({ env: { KALEYRA_DEBUG: "on" } }).debug).toBe(true);
  });
  test("a bad allowPublishedUpdate setting is a failure and an error at use", () => {
    const settings = readSettings({ env: { KALEYRA_ALLOW_PUBLISHED_UPDATE: "yes please" } });
    expect(settings.failures[0].reason).toMatch(/^KALEYRA_ALLOW_PUBLISHED_UPDATE must be true or false/);
    expect(() => use(settings.allowPublishedUpdate)).toThrow(ConfigurationError);
  });
  test("the settings are frozen", () => {
    const settings = readSettings({ env: {} });
    expect(Object.isFrozen(settings)).toBe(true);
    expect(Object.isFrozen(settings.tuning)).toBe(true);
    expect(Object.isFrozen(settings.failures)).toBe(true);
  });
});

describe("read once per configure", () => {
  test("the provider reads stack config in configure, and no step reads it again", async () => {
    const runtime = require("../../provider/runtime") as typeof import("../../provider/runtime");
    const reads: string[] = [];
    const values: Record<string, string> = { "kaleyra:sid": "HXAP16DEMO0097IN", "kaleyra:timeoutMs": "2000" };
    await runtime.configure({ config: { get: (key: string) => (reads.push(key), values[key]) } } as never);
    const afterConfigure = reads.length;
    expect(afterConfigure).toBeGreaterThan(0);
    for (let i = 0; i < 20; i++) {
      const result = await runtime.check({}, { flowId: "1234567890123456", name: `Flow ${i}` });
      expect(result.failures).toEqual([]);
      expect(result.inputs).toMatchObject({ sid: "HXAP16DEMO0097IN", region: "IN" });
    }
    expect(reads.length).toBe(afterConfigure);
  });
});
