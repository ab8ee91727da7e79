/**
 * migrate-to-native's plan: which dynamic resources move, as what, and when it refuses to
 * start (nothing done): an unfinished create, a resource already migrated, an account the
 * default provider cannot read.
 */
import {
  finishedDeployment,
  importFileOf,
  nativeUrnOf,
  planMigration,
  type ExportedResource,
} from "../../provider/migrate/plan";

const STACK = "urn:pulumi:prod::flows::pulumi:pulumi:Stack::flows-prod";
const IN = { sid: "HXAP16DEMO0097IN", apiDomain: "https://api.in.kaleyra.io" };
const EU = { sid: "HXEU16DEMO0042EU", apiDomain: "https://api.eu.kaleyra.io" };
const metadata = (name: string, id: string, account = IN, extra: Partial<ExportedResource> = {}): ExportedResource => ({
  urn: `urn:pulumi:prod::flows::pulumi-nodejs:dynamic/kaleyra:FlowMetadata::${name}`,
  type: "pulumi-nodejs:dynamic/kaleyra:FlowMetadata",
  id,
  parent: STACK,
  inputs: { __provider: "exports.handler = ...", flowId: id, name: "Sign up", ...account },
  outputs: { flowId: id, ...account },
  ...extra,
});
const flow = (name: string, id: string, wabaId?: string): ExportedResource => ({
  urn: `urn:pulumi:prod::flows::pulumi-nodejs:dynamic/kaleyra:Flow::${name}`,
  type: "pulumi-nodejs:dynamic/kaleyra:Flow",
  id,
  parent: STACK,
  outputs: { flowId: id, ...IN, ...(wabaId ? { wabaId } : {}) },
});
const stack: ExportedResource = { urn: STACK, type: "pulumi:pulumi:Stack" };

test("each dynamic FlowMetadata and Flow moves to the native type of the same name, by its flow id", () => {
  const plan = planMigration([stack, metadata("sign-up", "1234567890123451"), flow("welcome", "1234567890123459")], {
    defaultAccount: IN,
  });
  expect(plan.problems).toEqual([]);
  expect(plan.moves.map((m) => [m.name, m.nativeType, m.id])).toEqual([
    ["sign-up", "kaleyra:index:FlowMetadata", "1234567890123451"],
    ["welcome", "kaleyra:index:Flow", "1234567890123459"],
  ]);
  expect(JSON.parse(importFileOf(plan.moves))).toEqual({
    resources: [
      { type: "kaleyra:index:FlowMetadata", name: "sign-up", id: "1234567890123451" },
      { type: "kaleyra:index:Flow", name: "welcome", id: "1234567890123459" },
    ],
  });
});

test("a parent other than the stack goes through the name table; protection is kept", () => {
  const parent = "urn:pulumi:prod::flows::kaleyra:gitops:Flows::flows";
  const plan = planMigration([stack, metadata("sign-up", "1234567890123451", IN, { parent, protect: true })], {
    defaultAccount: IN,
  });
  expect(plan.moves[0]).toMatchObject({ parent, protect: true });
  expect(JSON.parse(importFileOf(plan.moves))).toEqual({
    nameTable: { parent1: parent },
    resources: [{ type: "kaleyra:index:FlowMetadata", name: "sign-up", id: "1234567890123451", parent: "parent1" }],
  });
});

test("another account than the default provider's is refused, naming the flows and the fix", () => {
  const plan = planMigration([stack, metadata("lead", "9876543210987651", EU)], { defaultAccount: IN });
  expect(plan.moves).toEqual([]);
  expect(plan.problems).toHaveLength(1);
  expect(plan.problems[0]).toContain("lead: account HXEU16DEMO0042EU");
  expect(plan.problems[0]).toContain("--provider <SID>=<its name>");
});

test("--provider SID=NAME imports that account's flows through the explicit provider in the stack", () => {
  const provider = "urn:pulumi:prod::flows::pulumi:providers:kaleyra::eu";
  const resources = [
    stack,
    { urn: provider, type: "pulumi:providers:kaleyra", id: "abc" },
    metadata("lead", "9876543210987651", EU),
  ];
  const plan = planMigration(resources, { defaultAccount: IN, providers: { [EU.sid]: "eu" } });
  expect(plan.problems).toEqual([]);
  expect(plan.moves[0].provider).toBe(provider);
  expect(JSON.parse(importFileOf(plan.moves)).nameTable).toEqual({ provider1: provider });
  const missing = planMigration([stack, metadata("lead", "9876543210987651", EU)], {
    defaultAccount: IN,
    providers: { [EU.sid]: "eu" },
  });
  expect(missing.problems[0]).toContain("the stack has no pulumi:providers:kaleyra named eu");
});

test("a create that never finished, or a resource already migrated, stops the migration", () => {
  const native = {
    urn: "urn:pulumi:prod::flows::kaleyra:index:FlowMetadata::sign-up",
    type: "kaleyra:index:FlowMetadata",
    id: "1",
    parent: STACK,
  };
  const plan = planMigration(
    [stack, metadata("sign-up", "1234567890123451"), native, metadata("draft", "", IN, { id: undefined })],
    {
      defaultAccount: IN,
    },
  );
  expect(plan.moves).toEqual([]);
  expect(plan.problems.join("\n")).toContain("sign-up is already in the stack as kaleyra:index:FlowMetadata");
  expect(plan.problems.join("\n")).toContain("has no id");
});

test("a Flow made in a WABA is imported as <wabaId>/<flowId>, so the program's wabaId is recorded too", () => {
  const plan = planMigration([stack, flow("welcome", "1234567890123459", "1029384756102938")], { defaultAccount: IN });
  expect(plan.moves.map((m) => m.id)).toEqual(["1029384756102938/1234567890123459"]);
});

test("the finished stack: the dynamic records gone, their inputs and protection on the native twins, references moved", () => {
  const old = metadata("survey", "1234567890123453", IN, { protect: true });
  const [move] = planMigration([stack, old], { defaultAccount: IN }).moves;
  const imported = {
    urn: nativeUrnOf(move),
    type: "kaleyra:index:FlowMetadata",
    id: "1234567890123453",
    parent: STACK,
    provider: "urn:pulumi:prod::flows::pulumi:providers:kaleyra::default_0_5_0::abc",
    // The import records every field Kaleyra holds, categories included.
    inputs: { flowId: "1234567890123453", name: "Customer survey", categories: ["SURVEY"], ...IN },
    outputs: { flowId: "1234567890123453", status: "DRAFT" },
  };
  const dependent = { urn: "urn:pulumi:prod::flows::x:y:Z::z", type: "x:y:Z", dependencies: [old.urn] };
  const finished = finishedDeployment(
    { version: 3, deployment: { manifest: {}, resources: [stack, old, imported, dependent] } },
    [move],
  );
  const resources = finished.deployment!.resources!;
  expect(resources.map((r) => r.urn)).toEqual([STACK, imported.urn, dependent.urn]);
  expect(resources[1]).toEqual({
    ...imported,
    inputs: { flowId: "1234567890123453", name: "Sign up", ...IN },
    outputs: { flowId: "1234567890123453", ...IN },
    protect: true,
  });
  expect(resources[2].dependencies).toEqual([imported.urn]);
  expect(finished).toMatchObject({ version: 3, deployment: { manifest: {} } });
  expect(() => finishedDeployment({ deployment: { resources: [stack, old] } }, [move])).toThrow(/did not record/);
});
