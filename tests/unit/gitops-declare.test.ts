import * as pulumi from "@pulumi/pulumi";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { declareFlows, FlowMetadata, FlowsFileError, FLOW_METADATA_TYPE } from "../../provider";
import { recordRegistrations } from "../support/pulumi-mocks";

/** declareFlows with Pulumi's mocks: what a `pulumi preview` of the program would register. */
let registered: pulumi.runtime.MockResourceArgs[];
let work: string;

beforeAll(async () => {
  registered = await recordRegistrations();
  work = mkdtempSync(join(tmpdir(), "kaleyra-declare-"));
});

afterAll(() => rmSync(work, { recursive: true, force: true }));
beforeEach(() => registered.splice(0));

function file(name: string, ...lines: string[]): string {
  const path = join(work, name);
  writeFileSync(path, lines.join("\n") + "\n");
  return path;
}

/** Waits until every resource's registration has reached the mocks. */
const settled = (resources: FlowMetadata[]) =>
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
});
