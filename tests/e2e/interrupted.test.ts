/**
 * An `up` killed part-way with checkpoints off (PULUMI_SKIP_CHECKPOINTS=true, which the
 * GitOps apply template uses for speed) leaves no record of the steps it did. Read before
 * write makes that safe for a stack of flows: the re-run reads every flow again and sends
 * updates only for the flows not yet done, then the stack is converged.
 */
import { RunningEmulator, SeedFile, startEmulator } from "../../emulator";
import { PulumiProject } from "../support/pulumi-project";
import { AnsweredRequest, watchServer } from "../support/server-traffic";

jest.setTimeout(600_000);

const SID = "HXAP16CRASH001IN";
const KEY = "Acrashtest000000000000000000000001";
const N = 24;
const ids = Array.from({ length: N }, (_, i) => String(1234567890100000 + i));
const seed: SeedFile = {
  accounts: [
    {
      sid: SID,
      apiKey: KEY,
      flows: ids.map((id) => ({ id, name: `Flow ${id}`, categories: ["OTHER"], status: "DRAFT" })),
    },
  ],
};
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ seed, quiet: true });
});
afterAll(async () => emulator?.close());

test("kill an up with checkpoints off part-way; the re-run converges, updating only the flows not yet done", async () => {
  const project = await PulumiProject.create("interrupted", {
    nodeModules: process.env.KALEYRA_E2E_NODE_MODULES!,
    env: { KALEYRA_API_KEY: KEY, KALEYRA_API_DOMAIN: emulator.url, KALEYRA_SID: SID, PULUMI_SKIP_CHECKPOINTS: "true" },
  });
  project.setConfig({
    "kaleyra-flows:flows": ids.map((flowId) => ({
      key: `f${flowId}`,
      flowId,
      name: `Renamed ${flowId}`,
      categories: ["OTHER"],
    })),
  });
  // Slow updates, so the kill lands with some flows done and others not.
  emulator.addFault({ type: "latency", method: "POST", latencyMs: 400 });

  const traffic = watchServer(emulator.port);
  const run = project.start(["up", "--yes", "--skip-preview", "--parallel", "4"]);
  const done = () => ids.filter((id) => emulator.getFlow(SID, id)!.name === `Renamed ${id}`);
  // Killed the moment the emulator has answered the sixth update (or failed at once, should
  // pulumi up end before that).
  const updates = (answers: readonly AnsweredRequest[]) =>
    answers.filter((a) => a.method === "POST" && a.status === 200).length;
  const exitedEarly = run.exited.then((code) => {
    throw new Error(`pulumi up exited (${code}) before six updates were answered: ${JSON.stringify(traffic.answered)}`);
  });
  await Promise.race([traffic.whenAnswered((answers) => updates(answers) >= 6), exitedEarly]);
  run.killAll();
  await run.exited;
  // Every connection of the killed processes is closed, so none of their updates still in
  // flight (held by the latency fault) can land after this: the emulator drops them.
  await traffic.whenNoConnections();
  traffic.stop();

  const doneBefore = done();
  expect(doneBefore.length).toBeGreaterThanOrEqual(6);
  expect(doneBefore.length).toBeLessThan(N);
  // No record of what the killed run did.
  expect(await project.flows()).toHaveLength(0);

  // A killed update leaves its lock on a self-managed backend; `pulumi cancel` clears it
  // (the apply template's comment says so). Nothing about the flows is recorded either way.
  emulator.clearFaults();
  emulator.clearRequests();
  const locked = await project.up();
  expect(locked.code).not.toBe(0);
  expect(locked.output).toContain("locked");
  expect(emulator.requests()).toHaveLength(0);
  await project.expectOk(["cancel", "--yes"]);
  const rerun = await project.up();
  expect(rerun.code).toBe(0);
  expect(emulator.requests({ method: "GET" })).toHaveLength(N);
  const updated = emulator.requests({ method: "POST" }).map((r) => r.flowId!);
  expect(updated.sort()).toEqual(ids.filter((id) => !doneBefore.includes(id)).sort());
  expect(done()).toHaveLength(N);
  expect(await project.flows()).toHaveLength(N);

  emulator.clearRequests();
  expect((await project.preview("--expect-no-changes")).code).toBe(0);
  expect(emulator.requests()).toHaveLength(0);
});
