import { check } from "../../provider/lifecycle";
import { SettingSources } from "../../provider/settings";
import { UNKNOWN } from "../../provider/validation";

const sources: SettingSources = { env: { KALEYRA_SID: "HXAP16DEMO0097IN" } };
const valid = { flowId: "1234567890123451", name: "Sign up", categories: ["SIGN_UP"], endpointUri: "https://example.com/f" };

/** Runs check and returns the failures keyed by property (one reason per property). */
function failuresOf(news: Record<string, unknown>, env: Record<string, string> = sources.env as Record<string, string>) {
  const result = check(news, { env });
  return Object.fromEntries((result.failures ?? []).map((f) => [f.property, f.reason]));
}

describe("check: failures name the property, the bad value and the fix", () => {
  test.each([
    ["unknown category, closest suggested", { ...valid, categories: ["SIGNUP"] }, "categories", [`"SIGNUP" is not a Kaleyra flow category (did you mean SIGN_UP?)`, "SIGN_UP, SIGN_IN, APPOINTMENT_BOOKING, LEAD_GENERATION, SHOPPING, CONTACT_US, CUSTOMER_SUPPORT, SURVEY, OTHER"]],
    ["lower-case category", { ...valid, categories: ["survey"] }, "categories", ["did you mean SURVEY?"]],
    ["empty categories", { ...valid, categories: [] }, "categories", ["categories is empty", "at least one"]],
    ["categories not a list", { ...valid, categories: "SIGN_UP" }, "categories", ["must be a list"]],
    ["http endpoint", { ...valid, endpointUri: "http://example.com/f" }, "endpointUri", [`"http://example.com/f"`, "https"]],
    ["relative endpoint", { ...valid, endpointUri: "/flows/endpoint" }, "endpointUri", ["not an absolute URL", "https://"]],
    ["empty name", { ...valid, name: "   " }, "name", ["name is empty"]],
    ["name not a string", { ...valid, name: 42 }, "name", ["must be a string", "42"]],
    ["flow id with letters", { ...valid, flowId: "12AB" }, "flowId", [`"12AB" is not a string of digits`]],
    ["flow id with spaces", { ...valid, flowId: " 123" }, "flowId", ["not a string of digits"]],
    ["unsafe numeric flow id", { ...valid, flowId: 12345678901234567 }, "flowId", ["not a safe integer", "Write the id as a string"]],
    ["missing flow id", { name: "x" }, "flowId", ["flowId is required"]],
    ["unknown region", { ...valid, region: "US" }, "region", [`"US" is not a Kaleyra pod`, "IN", "SG", "EU"]],
    ["api domain with a path", { ...valid, apiDomain: "https://api.in.kaleyra.io/v2" }, "apiDomain", ["without a path"]],
    ["bad sid", { ...valid, sid: "HX-../x" }, "sid", ["is not a Kaleyra SID"]],
    ["nothing to manage", { flowId: "1" }, "name", ["nothing to manage", "name, categories or endpointUri"]],
    ["a typo in a property name", { ...valid, endpointURI: "https://x" }, "endpointURI", ["not a FlowMetadata input (did you mean endpointUri?)"]],
  ])("%s", (_title, news, property, fragments) => {
    const failures = failuresOf(news);
    expect(failures[property]).toBeDefined();
    for (const fragment of fragments) expect(failures[property]).toContain(fragment);
  });

  test("every problem is reported at once", () => {
    const failures = failuresOf({ flowId: "x", name: "", categories: ["NOPE"], endpointUri: "ftp://x" });
    expect(Object.keys(failures).sort()).toEqual(["categories", "endpointUri", "flowId", "name"]);
  });

  test("no SID anywhere fails with how to set it", () => {
    const failures = failuresOf(valid, {});
    expect(failures.sid).toContain("kaleyra:sid");
    expect(failures.sid).toContain("KALEYRA_SID");
  });

  test("a bad region from stack config names the config key", () => {
    const result = check(valid, { config: { get: (k) => (k === "kaleyra:region" ? "mars" : undefined) }, env: sources.env });
    expect(result.failures).toEqual([expect.objectContaining({ property: "region", reason: expect.stringContaining("kaleyra:region") })]);
  });
});

describe("check: normalization", () => {
  test("valid inputs pass and gain the resolved account", () => {
    const result = check(valid, sources);
    expect(result.failures).toEqual([]);
    expect(result.inputs).toEqual({ ...valid, sid: "HXAP16DEMO0097IN", region: "IN", apiDomain: "https://api.in.kaleyra.io" });
  });

  test("repeated categories are dropped; the order given is kept (diff compares them as a set)", () => {
    const result = check({ ...valid, categories: ["OTHER", "SIGN_UP", "OTHER"] }, sources);
    expect(result.inputs!.categories).toEqual(["OTHER", "SIGN_UP"]);
  });

  test("a safe numeric flow id becomes a string; names are trimmed; region is upper-cased", () => {
    const result = check({ ...valid, flowId: 1234567890123451, name: " Sign up ", region: "eu" }, sources);
    expect(result.inputs).toMatchObject({ flowId: "1234567890123451", name: "Sign up", region: "EU", apiDomain: "https://api.eu.kaleyra.io" });
  });

  test("a bare API domain means https; a full origin is kept", () => {
    expect(check({ ...valid, apiDomain: "api.ap.kaleyra.io" }, sources).inputs!.apiDomain).toBe("https://api.ap.kaleyra.io");
    expect(check({ ...valid, apiDomain: "http://127.0.0.1:4010/" }, sources).inputs!.apiDomain).toBe("http://127.0.0.1:4010");
  });

  test("values unknown during preview pass through untouched", () => {
    const result = check({ flowId: UNKNOWN, name: UNKNOWN, categories: [UNKNOWN, "NOT_VALIDATED_YET"], endpointUri: UNKNOWN, sid: UNKNOWN }, { env: {} });
    expect(result.failures).toEqual([]);
    expect(result.inputs).toMatchObject({ flowId: UNKNOWN, name: UNKNOWN, categories: [UNKNOWN, "NOT_VALIDATED_YET"], endpointUri: UNKNOWN, sid: UNKNOWN });
  });

  test("check never needs an API key", () => {
    expect(check(valid, { env: { KALEYRA_SID: "HX1" } }).failures).toEqual([]);
  });
});
