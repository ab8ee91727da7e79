import { ConfigurationError } from "../../provider/errors";
import { clientSettings, ConfigSource, knownApiKeys, resolveAccount, resolveApiKey, resolveTuning, TUNING } from "../../provider/settings";

const config = (values: Record<string, string>): ConfigSource => ({ get: (key) => values[key] });

describe("account resolution: args, then stack config, then environment", () => {
  test("args win over config and env", () => {
    const { account } = resolveAccount({ sid: "ARGSID" }, { config: config({ "kaleyra:sid": "CFGSID" }), env: { KALEYRA_SID: "ENVSID" } });
    expect(account.sid).toBe("ARGSID");
  });
  test("config wins over env", () => {
    const { account } = resolveAccount({}, { config: config({ "kaleyra:sid": "CFGSID" }), env: { KALEYRA_SID: "ENVSID" } });
    expect(account.sid).toBe("CFGSID");
  });
  test("env is the last resort", () => {
    expect(resolveAccount({}, { env: { KALEYRA_SID: "ENVSID" } }).account.sid).toBe("ENVSID");
  });
  test.each([
    ["IN", "https://api.in.kaleyra.io"],
    ["SG", "https://api.ap.kaleyra.io"],
    ["EU", "https://api.eu.kaleyra.io"],
  ])("region %s maps to the seed's pod %s", (region, domain) => {
    expect(resolveAccount({ sid: "S", region }, { env: {} }).account.apiDomain).toBe(domain);
  });
  test("no region anywhere means IN", () => {
    expect(resolveAccount({ sid: "S" }, { env: {} }).account).toEqual({ sid: "S", region: "IN", apiDomain: "https://api.in.kaleyra.io" });
  });
  test("an API domain at any level overrides the region", () => {
    const { account } = resolveAccount({ sid: "S", region: "EU" }, { env: { KALEYRA_API_DOMAIN: "http://127.0.0.1:4010" } });
    expect(account).toEqual({ sid: "S", region: "EU", apiDomain: "http://127.0.0.1:4010" });
  });
});

describe("API key resolution", () => {
  test("per-SID key in config beats everything", () => {
    const sources = { config: config({ "kaleyra:apiKeys": JSON.stringify({ S1: "k-config-s1" }), "kaleyra:apiKey": "k-config" }), env: { KALEYRA_API_KEY: "k-env" } };
    expect(resolveApiKey("S1", sources)).toBe("k-config-s1");
    expect(resolveApiKey("S2", sources)).toBe("k-config");
  });
  test("per-SID env key beats the global keys", () => {
    expect(resolveApiKey("S1", { config: config({ "kaleyra:apiKey": "k-config" }), env: { KALEYRA_API_KEY_S1: "k-env-s1" } })).toBe("k-env-s1");
  });
  test("global config key beats the global env key", () => {
    expect(resolveApiKey("S1", { config: config({ "kaleyra:apiKey": "k-config" }), env: { KALEYRA_API_KEY: "k-env" } })).toBe("k-config");
  });
  test("no key: a ConfigurationError saying how to set one, and nothing secret", () => {
    expect(() => resolveApiKey("S1", { env: {} })).toThrow(ConfigurationError);
    expect(() => resolveApiKey("S1", { env: {} })).toThrow(/pulumi config set --secret kaleyra:apiKey/);
  });
  test("an unreadable kaleyra:apiKeys never echoes its value", () => {
    try {
      resolveApiKey("S1", { config: config({ "kaleyra:apiKeys": "not-json-SECRETVALUE" }), env: {} });
      throw new Error("expected a failure");
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(String(error)).not.toContain("SECRETVALUE");
    }
  });
});

describe("every key the settings know, for redaction", () => {
  test("the global keys, every per-SID variable, the values of kaleyra:apiKeys", () => {
    const sources = {
      config: config({ "kaleyra:apiKey": "k-config", "kaleyra:apiKeys": JSON.stringify({ S1: "k-map-1", S2: "k-map-2" }) }),
      env: { KALEYRA_API_KEY: "k-env", KALEYRA_API_KEY_S3: "k-env-3", KALEYRA_SID: "S1" },
    };
    expect(knownApiKeys(sources).sort()).toEqual(["k-config", "k-env", "k-env-3", "k-map-1", "k-map-2"]);
  });
  test("a kaleyra:apiKeys that is not a map (a key set in the wrong place) is masked whole", () => {
    expect(knownApiKeys({ config: config({ "kaleyra:apiKeys": "Aplainkey000000000000000000000003" }), env: {} })).toEqual(["Aplainkey000000000000000000000003"]);
  });
});

describe("client tunables", () => {
  test("defaults", () => {
    const s = clientSettings({ sid: "S", region: "IN", apiDomain: "https://api.in.kaleyra.io" }, { env: { KALEYRA_API_KEY: "k" } });
    expect(s).toMatchObject({
      timeoutMs: TUNING.timeoutMs.default,
      deadlineMs: TUNING.deadlineMs.default,
      maxRetries: TUNING.maxRetries.default,
      concurrency: TUNING.concurrency.default,
    });
    expect(s.log).toBeUndefined();
  });
  test("config beats env", () => {
    expect(resolveTuning("concurrency", { config: config({ "kaleyra:concurrency": "4" }), env: { KALEYRA_CONCURRENCY: "9" } })).toBe(4);
    expect(resolveTuning("concurrency", { env: { KALEYRA_CONCURRENCY: "9" } })).toBe(9);
  });
  test("a bad value names its source and range, never the value", () => {
    expect(() => resolveTuning("timeoutMs", { env: { KALEYRA_TIMEOUT_MS: "fast" } })).toThrow(/KALEYRA_TIMEOUT_MS must be a whole number from 100 to 600000/);
    expect(() => resolveTuning("timeoutMs", { env: { KALEYRA_TIMEOUT_MS: "fast" } })).not.toThrow(/fast/);
  });
  test.each([" 100", "100 ", "1e3", "0x10", "+200", "200.0", "0200", "", "-5", "１００"])("%p is not a whole decimal number", (raw) => {
    const sources = { config: config({ "kaleyra:timeoutMs": raw }), env: {} };
    if (raw === "") expect(resolveTuning("timeoutMs", sources)).toBe(TUNING.timeoutMs.default);
    else expect(() => resolveTuning("timeoutMs", sources)).toThrow(/kaleyra:timeoutMs must be a whole number from 100 to 600000, written in decimal digits only/);
  });
  test("out of range, below and above", () => {
    expect(() => resolveTuning("concurrency", { env: { KALEYRA_CONCURRENCY: "0" } })).toThrow(/it is below that range/);
    expect(() => resolveTuning("concurrency", { env: { KALEYRA_CONCURRENCY: "257" } })).toThrow(/it is above that range/);
  });
});
