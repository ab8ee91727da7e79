/**
 * The Flow resource's check and diff, which run at `pulumi preview` and call nothing: every
 * input and the Flow JSON checked at once (the file's name, line and column in each problem),
 * the JSON stored once as compact text and compared as JSON, what cannot be undone warned
 * about, and a published flow told `publish: false` refused.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { check, diff } from "../../provider/resources/flow";
import { flowJsonSha256 } from "../../provider/flow-json";
import { UNKNOWN } from "../../provider/rules";
import { collectingDiagnostics } from "../support/diagnostics";
import { settingsOf } from "../support/provider-context";

const FIXTURE = path.join(__dirname, "../fixtures/flow-json/sign-up.json");
const TEXT = fs.readFileSync(FIXTURE, "utf8");
const VALUE = JSON.parse(TEXT) as Record<string, unknown>;
const SETTINGS = settingsOf({ env: { KALEYRA_SID: "HXAP16DEMO0097IN", KALEYRA_REGION: "IN" } });
const WABA = "102290129340398";
const FLOW = "1234567890123451";
const BASE = { wabaId: WABA, name: "Sign up", categories: ["SIGN_UP"], flowJson: TEXT };

async function checked(news: Record<string, unknown>, olds: Record<string, unknown> = {}) {
  const diagnostics = collectingDiagnostics();
  const result = await check(olds, news, SETTINGS, diagnostics);
  return { ...result, warnings: diagnostics.warnings };
}

/** Old outputs as a Flow's `up` wrote them for BASE. */
function outputs(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    flowId: FLOW,
    wabaId: WABA,
    name: "Sign up",
    categories: ["SIGN_UP"],
    sid: "HXAP16DEMO0097IN",
    region: "IN",
    apiDomain: "https://api.in.kaleyra.io",
    status: "DRAFT",
    validationErrors: [],
    flowJsonSha256: flowJsonSha256(VALUE),
    publish: false,
    deprecateOnDelete: false,
    created: true,
    ...extra,
  };
}

describe("check", () => {
  test("a valid flow: inputs normalized, the JSON stored as compact text whatever form it came in", async () => {
    for (const flowJson of [TEXT, VALUE]) {
      const result = await checked({ ...BASE, flowJson });
      expect(result.failures).toEqual([]);
      expect(result.inputs).toMatchObject({ wabaId: WABA, name: "Sign up", categories: ["SIGN_UP"] });
      expect(result.inputs!.flowJson).toBe(JSON.stringify(VALUE));
    }
  });

  test("what is missing is said, every problem at once", async () => {
    const result = await checked({ categories: [] });
    const byProperty = Object.fromEntries(result.failures!.map((f) => [f.property, f.reason]));
    expect(byProperty.wabaId).toContain("set wabaId");
    expect(byProperty.name).toContain("name is required");
    expect(byProperty.flowJson).toContain("flowJson is required");
    expect(byProperty.categories).toBeDefined();
  });

  test("a JSON syntax error names the flow, the file, the line and the column", async () => {
    const broken = TEXT.replace('"title": "Join Acme Rewards",', '"title": "Join Acme Rewards"');
    const line = broken.split("\n").findIndex((l) => l.includes('"layout"')) + 1;
    const result = await checked({ ...BASE, flowJson: broken, flowJsonFile: "flows/sign-up.json" });
    expect(result.failures).toHaveLength(1);
    expect(result.failures![0].property).toBe("flowJson");
    expect(result.failures![0].reason).toMatch(
      new RegExp(`^flowJson of Kaleyra flow "Sign up" \\(flows/sign-up\\.json line ${line}, column \\d+\\): `),
    );
    expect(result.inputs!.flowJson).toBeUndefined();
  });

  test("Meta's rules: each problem with its pointer and line, the endpoint checked against data_api_version", async () => {
    const bad = structuredClone(VALUE) as { screens: Array<Record<string, any>>; data_api_version?: string };
    bad.screens[0].layout.children[0].type = "TextHeadng";
    bad.data_api_version = "3.0";
    const text = JSON.stringify(bad, null, 2);
    const result = await checked({ ...BASE, flowJson: text, flowJsonFile: "f.json" });
    const reasons = result.failures!.map((f) => f.reason).join("\n");
    expect(reasons).toContain("/screens/0/layout/children/0/type");
    expect(reasons).toContain('"TextHeading"');
    expect(reasons).toMatch(/endpointUri/);
    expect(result.failures!.every((f) => /^flowJson of Kaleyra flow "Sign up" \(f\.json line \d+/.test(f.reason))).toBe(
      true,
    );
  });

  test("a JSON not known at preview passes untouched and unchecked", async () => {
    const result = await checked({ ...BASE, flowJson: { version: "7.3", screens: UNKNOWN } });
    expect(result.failures).toEqual([]);
    expect(result.inputs!.flowJson).toEqual({ version: "7.3", screens: UNKNOWN });
  });

  test("unknown inputs are named, with the nearest real one", async () => {
    const result = await checked({ ...BASE, publsh: true });
    expect(result.failures).toEqual([{ property: "publsh", reason: expect.stringContaining("did you mean publish?") }]);
  });

  test("publish and deprecateOnDelete, when first asked for, warn that they cannot be undone", async () => {
    const first = await checked({ ...BASE, publish: true, deprecateOnDelete: true });
    expect(first.warnings).toEqual([
      expect.stringContaining("`pulumi up` will publish this flow"),
      expect.stringContaining("deprecateOnDelete: true deprecates a published flow"),
    ]);
    expect(first.warnings.join("\n")).toContain("cannot be undone");
    const again = await checked(
      { ...BASE, publish: true, deprecateOnDelete: true },
      { publish: true, deprecateOnDelete: true },
    );
    expect(again.warnings).toEqual([]);
  });
});

describe("check: a Flow JSON the stack already stores is not checked again", () => {
  // A JSON Kaleyra holds (read back by refresh) that this package's rules refuse: a component type misspelt.
  const held = JSON.parse(TEXT.replace('"TextHeading"', '"TextHeadng"')) as Record<string, unknown>;
  const stored = JSON.stringify(held);

  test("the same JSON, reformatted, beside the same endpoint: accepted as stored, nothing re-checked", async () => {
    expect((await checked({ ...BASE, flowJson: JSON.stringify(held, null, 2) })).failures).not.toEqual([]);
    const result = await checked({ ...BASE, flowJson: JSON.stringify(held, null, 4) }, { ...BASE, flowJson: stored });
    expect(result.failures).toEqual([]);
    expect(result.inputs!.flowJson).toBe(stored);
  });

  test("checked in full when anything differs: the JSON, the endpoint, a repeated key, or a value not a text", async () => {
    const changed = { ...held, screens: [...(held.screens as unknown[])].reverse() };
    expect(
      (await checked({ ...BASE, flowJson: JSON.stringify(changed) }, { ...BASE, flowJson: stored })).failures,
    ).not.toEqual([]);
    const endpoint = { ...BASE, endpointUri: "https://flows.example.com/sign-up" };
    expect((await checked({ ...endpoint, flowJson: stored }, { ...BASE, flowJson: stored })).failures).not.toEqual([]);
    const repeated = stored.replace('{"version":"7.3"', '{"version":"7.3","version":"7.3"');
    const dup = await checked({ ...BASE, flowJson: repeated }, { ...BASE, flowJson: stored });
    expect(dup.failures!.map((f) => f.reason).join("\n")).toContain("is repeated");
    expect((await checked({ ...BASE, flowJson: held }, { ...BASE, flowJson: stored })).failures).not.toEqual([]);
  });
});

describe("check: a pinned flow cannot change WABA", () => {
  test("wabaId changed beside the same flowId fails the preview on wabaId, saying both ways out", async () => {
    const result = await checked(
      { ...BASE, flowId: FLOW, wabaId: "102290129340399" },
      { ...BASE, flowId: FLOW, wabaId: WABA },
    );
    expect(result.failures).toEqual([
      {
        property: "wabaId",
        reason: expect.stringMatching(
          new RegExp(
            `changed from ${WABA} to 102290129340399, but flowId ${FLOW} pins .* remove flowId .* put wabaId back`,
          ),
        ),
      },
    ]);
    // With another flowId, or none, it is a replace for diff to say, not a problem.
    const moved = await checked({ ...BASE, wabaId: "102290129340399" }, { ...BASE, flowId: FLOW, wabaId: WABA });
    expect(moved.failures).toEqual([]);
  });
});

describe("check: Flow JSON problems past the cap", () => {
  test("the count of the rest is right: the cap is the Flow JSON checker's own", async () => {
    const screens = Array.from({ length: 300 }, (_, i) => ({
      id: `S_${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))}`,
      title: "t",
      layout: { type: "SingleColumnLayout", children: [{ type: "NoSuchComponent" }] },
      ...(i === 299 ? { terminal: true } : {}),
    }));
    const result = await checked({ ...BASE, flowJson: { version: "7.3", screens } });
    const last = result.failures!.at(-1)!.reason;
    const shown = result.failures!.length - 1;
    const total = Number(/and (\d+) more/.exec(last)?.[1]) + shown;
    expect(total).toBeGreaterThanOrEqual(300);
  });
});

describe("diff", () => {
  const news = async (extra: Record<string, unknown> = {}) => (await checked({ ...BASE, ...extra })).inputs!;

  test("the same JSON with keys reordered and other whitespace: no changes", async () => {
    const reordered = Object.fromEntries(Object.entries(VALUE).reverse());
    expect(await diff(outputs(), await news({ flowJson: reordered }), collectingDiagnostics())).toMatchObject({
      changes: false,
      replaces: [],
    });
  });

  test("array order is meaning: screens swapped is a change", async () => {
    const swapped = { ...VALUE, screens: [...(VALUE.screens as unknown[])].reverse() };
    const result = await diff(outputs(), await news({ flowJson: swapped }), collectingDiagnostics());
    expect(result).toMatchObject({ changes: true, replaces: [] });
  });

  test("another WABA replaces; a created flow's missing flowId input does not", async () => {
    const other = await diff(outputs(), await news({ wabaId: "102290129340399" }), collectingDiagnostics());
    expect(other.replaces).toEqual(["wabaId"]);
    const same = await diff(outputs(), await news(), collectingDiagnostics());
    expect(same.changes).toBe(false);
  });

  test("another route to the account (sid, region, apiDomain) is an update, never a replace", async () => {
    // A replacement is created before the old resource is deleted: reaching the same flow by
    // another route it would adopt it, and the old resource's delete would delete that flow.
    for (const change of [{ apiDomain: "https://api.sg.kaleyra.io" }, { region: "EU" }, { sid: "HXAP16OTHER097IN" }]) {
      const result = await diff(outputs(), await news(change), collectingDiagnostics());
      expect({ change, ...result }).toMatchObject({ change, changes: true, replaces: [] });
    }
  });

  test("a flowId that names the flow held pins it: never replaced; another flowId replaces", async () => {
    const pinned = await diff(outputs(), await news({ flowId: FLOW }), collectingDiagnostics());
    expect(pinned).toMatchObject({ changes: false, replaces: [] });
    const other = await diff(outputs(), await news({ flowId: "1234567890123459" }), collectingDiagnostics());
    expect(other.replaces).toEqual(["flowId"]);
  });

  test("deprecateOnDelete changes the record only: an update, so destroy sees it", async () => {
    const result = await diff(outputs(), await news({ deprecateOnDelete: true }), collectingDiagnostics());
    expect(result).toMatchObject({ changes: true, replaces: [] });
  });

  test("a PUBLISHED flow with publish false fails the preview: it cannot go back", async () => {
    await expect(diff(outputs({ status: "PUBLISHED" }), await news(), collectingDiagnostics())).rejects.toThrow(
      /is PUBLISHED but publish is false; nothing was sent/,
    );
  });

  test("a JSON change to a PUBLISHED flow warns, with and without the opt-in", async () => {
    const changed = { ...VALUE, screens: [...(VALUE.screens as unknown[])].reverse() };
    const without = collectingDiagnostics();
    await diff(
      outputs({ status: "PUBLISHED", publish: true }),
      await news({ flowJson: changed, publish: true }),
      without,
    );
    expect(without.warnings[0]).toContain("flowJson would change. `pulumi up` will stop at this flow and send nothing");
    const opted = collectingDiagnostics();
    const optIn = await news({ flowJson: changed, publish: true, allowPublishedUpdate: true });
    await diff(outputs({ status: "PUBLISHED", publish: true }), optIn, opted);
    expect(opted.warnings[0]).toContain("publishes it again (cannot be undone)");
  });

  test("a replace of a published flow says whether it will be deprecated or left live", async () => {
    const live = collectingDiagnostics();
    await diff(
      outputs({ status: "PUBLISHED", publish: true }),
      await news({ wabaId: "102290129340399", publish: true }),
      live,
    );
    expect(live.warnings[0]).toContain("stays live on Kaleyra");
    const retire = collectingDiagnostics();
    await diff(
      outputs({ status: "PUBLISHED", publish: true, deprecateOnDelete: true }),
      await news({ wabaId: "102290129340399", publish: true, deprecateOnDelete: true }),
      retire,
    );
    expect(retire.warnings[0]).toContain("deprecates it once its replacement exists");
  });
});
