import * as pulumi from "@pulumi/pulumi";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { declareFlows, Flow, FlowMetadata, FlowsFileError, FLOW_METADATA_TYPE, FLOW_TYPE } from "../../provider";
import { SERIALIZED_FLOW_PROVIDER } from "../../provider/shim";
import { recordRegistrations } from "../support/pulumi-mocks";

/** declareFlows with Pulumi's mocks: what a `pulumi preview` of the program would register. */
let registered: pulumi.runtime.MockResourceArgs[];
/** The aliases each registration carried to the engine, by resource name (the mocks do not pass them on). */
const aliases = new Map<string, unknown[]>();
let work: string;

const SIGN_UP_JSON = readFileSync(join(__dirname, "..", "fixtures", "flow-json", "sign-up.json"), "utf8");

beforeAll(async () => {
  registered = await recordRegistrations();
  // The request the SDK sends holds the aliases as the engine gets them: record them on the way.
  const monitor = pulumi.runtime.getMonitor() as unknown as {
    registerResource: (
      req: { getName(): string; getAliasesList(): Array<{ toObject(): unknown }> },
      cb: unknown,
    ) => void;
  };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    aliases.set(
      req.getName(),
      req.getAliasesList().map((alias) => alias.toObject()),
    );
    register(req, callback);
  };
  work = mkdtempSync(join(tmpdir(), "kaleyra-declare-"));
  mkdirSync(join(work, "flows"));
  writeFileSync(join(work, "flows", "sign-up.json"), SIGN_UP_JSON);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));
beforeEach(() => {
  registered.splice(0);
  aliases.clear();
});

function file(name: string, ...lines: string[]): string {
  const path = join(work, name);
  writeFileSync(path, lines.join("\n") + "\n");
  return path;
}

/** Waits until every resource's registration has reached the mocks. */
const settled = (resources: Array<FlowMetadata | Flow>) =>
  Promise.all(resources.map((r) => new Promise<void>((resolve) => r.urn.apply(() => resolve()))));

describe("declareFlows", () => {
  test("a bad file throws FlowsFileError listing every problem, and registers nothing", async () => {
    const path = file(
      "bad.yaml",
      "version: 1",
      "flows:",
      "  ok:",
      "    flowId: '1234567890123451'",
      "    name: Fine",
      "  bad:",
      "    flowId: 12345678901234567890",
      "    categories: [SIGNUP]",
    );
    let error: unknown;
    try {
      declareFlows(path);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FlowsFileError);
    const problems = (error as FlowsFileError).problems;
    expect(problems.map((p) => [p.line, p.path])).toEqual([
      [7, "flows.bad.flowId"],
      [8, "flows.bad.categories[0]"],
    ]);
    expect((error as Error).message).toContain("2 problems in");
    // So that `pulumi preview` prints the report alone, without a stack trace.
    expect(pulumi.RunError.isInstance(error)).toBe(true);
    // Pulumi registers resources in the order they are created: once a flow declared after the call has reached the
    // mocks, any resource the call had created would have too.
    const after = declareFlows(
      file("after.yaml", "version: 1", "flows:", "  after: {flowId: '1234567890123499', name: After}"),
    );
    await settled(Object.values(after));
    expect(registered.map((r) => r.name)).toEqual(["after"]);
  });

  test("a good file registers one FlowMetadata per flow, with the file's args", async () => {
    const path = file(
      "flows.yaml",
      "version: 1",
      "defaults: {sid: HXAP16DEMO0097IN, region: IN}",
      "flows:",
      "  sign-up:",
      "    flowId: '1234567890123451'",
      "    name: Sign up",
      "    categories: [SIGN_UP]",
      "    endpointUri: https://example.com/flows/sign-up",
      "  survey:",
      "    flowId: '1234567890123453'",
      "    categories: [SURVEY, OTHER]",
      "    region: EU",
    );
    const flows = declareFlows(path, { resourceOptions: { protect: true } });
    expect(Object.keys(flows)).toEqual(["sign-up", "survey"]);
    expect(flows["sign-up"]).toBeInstanceOf(FlowMetadata);
    await settled(Object.values(flows));

    // Registration is asynchronous: compare as a set.
    expect(registered.map((r) => [r.type, r.name]).sort()).toEqual([
      [FLOW_METADATA_TYPE, "sign-up"],
      [FLOW_METADATA_TYPE, "survey"],
    ]);
    const inputs = (name: string) => {
      const { __provider, ...rest } = registered.find((r) => r.name === name)!.inputs;
      expect(typeof __provider).toBe("string");
      return rest;
    };
    expect(inputs("sign-up")).toEqual({
      flowId: "1234567890123451",
      name: "Sign up",
      categories: ["SIGN_UP"],
      endpointUri: "https://example.com/flows/sign-up",
      sid: "HXAP16DEMO0097IN",
      region: "IN",
    });
    expect(inputs("survey")).toEqual({
      flowId: "1234567890123453",
      categories: ["SURVEY", "OTHER"],
      sid: "HXAP16DEMO0097IN",
      region: "EU",
    });
  });

  test("program defaults sit below the file's", async () => {
    const path = file(
      "defaults.yaml",
      "version: 1",
      "defaults: {sid: HXFILE}",
      "flows:",
      "  a: {flowId: '1234567890123401', name: A}",
      "  b: {flowId: '1234567890123402', name: B, apiDomain: 'http://127.0.0.1:4010'}",
    );
    const flows = declareFlows(path, { defaults: { sid: "HXPROGRAM", apiDomain: "api.eu.kaleyra.io" } });
    await settled(Object.values(flows));
    const byName = Object.fromEntries(registered.map((r) => [r.name, r.inputs]));
    expect(byName.a).toMatchObject({ sid: "HXFILE", apiDomain: "api.eu.kaleyra.io" });
    expect(byName.b).toMatchObject({ sid: "HXFILE", apiDomain: "http://127.0.0.1:4010" });
  });

  test("an entry with flowJson registers a Flow: the file's text, its path from the program's folder, the alias", async () => {
    const path = file(
      "whole.yaml",
      "version: 1",
      'defaults: {sid: HXAP16DEMO0097IN, wabaId: "1029384756102938"}',
      "flows:",
      "  sign-up:",
      "    name: Sign up",
      "    categories: [SIGN_UP]",
      "    flowJson: flows/sign-up.json",
      "    publish: true",
      "  survey:",
      '    flowId: "1234567890123453"',
      "    categories: [SURVEY]",
    );
    const cwd = process.cwd();
    // Pulumi runs a program in its project's folder: the path recorded is relative to it.
    process.chdir(work);
    let flows: ReturnType<typeof declareFlows>;
    try {
      flows = declareFlows("whole.yaml", {
        defaults: { flowId: "9999999999999999", region: "EU" },
        resourceOptions: { protect: true, aliases: [{ name: "old-name" }] },
      });
    } finally {
      process.chdir(cwd);
    }
    expect(path).toBe(join(work, "whole.yaml"));
    expect(flows["sign-up"]).toBeInstanceOf(Flow);
    expect(flows.survey).toBeInstanceOf(FlowMetadata);
    await settled(Object.values(flows));

    expect(registered.map((r) => [r.type, r.name]).sort()).toEqual([
      [FLOW_TYPE, "sign-up"],
      [FLOW_METADATA_TYPE, "survey"],
    ]);
    const byName = Object.fromEntries(registered.map((r) => [r.name, r.inputs]));
    // The program's flowId is not the Flow's: it finds its flow by name in the WABA.
    expect(byName["sign-up"]).toEqual({
      wabaId: "1029384756102938",
      name: "Sign up",
      categories: ["SIGN_UP"],
      flowJson: SIGN_UP_JSON,
      flowJsonFile: "flows/sign-up.json",
      publish: true,
      sid: "HXAP16DEMO0097IN",
      region: "EU",
      __provider: SERIALIZED_FLOW_PROVIDER,
    });
    expect(byName.survey).toMatchObject({ flowId: "1234567890123453", region: "EU" });
    expect(byName.survey).not.toHaveProperty("wabaId");

    // The alias that keeps a flow declared until now as a FlowMetadata, and the program's own.
    const spec = (alias: unknown) => (alias as { spec?: { type: string; name: string } }).spec;
    expect(aliases.get("sign-up")!.map((alias) => [spec(alias)?.type, spec(alias)?.name])).toEqual([
      [FLOW_METADATA_TYPE, ""],
      ["", "old-name"],
    ]);
    expect(aliases.get("survey")!.map((alias) => [spec(alias)?.type, spec(alias)?.name])).toEqual([["", "old-name"]]);
  });

  test("a problem in a Flow JSON file stops everything, naming that file and its line", () => {
    writeFileSync(join(work, "flows", "bad.json"), '{\n  "version": "7.3",\n  "screens": 3\n}\n');
    const path = file(
      "bad-json.yaml",
      "version: 1",
      "flows:",
      '  a: {flowId: "1234567890123451", name: A}',
      '  b: {wabaId: "1029384756102938", name: B, categories: [OTHER], flowJson: flows/bad.json}',
    );
    let error: unknown;
    try {
      declareFlows(path);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FlowsFileError);
    const problems = (error as FlowsFileError).problems;
    expect(problems.map((p) => [p.file, p.line])).toEqual([[join(work, "flows", "bad.json"), 3]]);
    expect(problems[0].message).toMatch(/^flowJson of flows\.b \(.*bad-json\.yaml line 4\): \/screens: /);
    expect(registered).toEqual([]);
  });
});
