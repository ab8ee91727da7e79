/**
 * Published flows are safe by default, through the real CLI, under both behaviours Meta's
 * documentation allows (the emulator plays each): a PUBLISHED flow that already matches is
 * adopted with no update; one that would change fails the up with nothing sent, and the
 * preview warns beforehand; with allowPublishedUpdate the update is sent and, where the
 * account puts the flow back to DRAFT, the status change is said and lands in outputs;
 * where the account refuses, Kaleyra's refusal is reported. Changing the opt-in alone sends
 * nothing.
 */
import { DEMO_SEED, RunningEmulator, startEmulator } from "../../emulator";
import { PulumiProject } from "../support/pulumi-project";

jest.setTimeout(300_000);

const SID = "HXAP16DEMO0097IN";
const KEY = DEMO_SEED.accounts[0].apiKey;
const BOOKING = "1234567890123452"; // PUBLISHED in the demo seed
const SURVEY = "1234567890123453";
const MATCHING = [
  { key: "booking", flowId: BOOKING, name: "Book an appointment", categories: ["APPOINTMENT_BOOKING"] },
  { key: "survey", flowId: SURVEY, name: "Customer survey", categories: ["SURVEY", "OTHER"] },
];

let emulator: RunningEmulator;
let project: PulumiProject;

function setFlows(booking: Record<string, unknown>): void {
  project.setConfig({ "kaleyra-flows:flows": [{ ...MATCHING[0], ...booking }, MATCHING[1]] });
}

async function bookingState(): Promise<Record<string, any>> {
  return (await project.flows()).find((r) => r.id === BOOKING)!;
}

beforeAll(async () => {
  emulator = await startEmulator({ seed: DEMO_SEED, quiet: true });
  emulator.publishFlow(SID, SURVEY); // both flows live
  project = await PulumiProject.create("published", {
    nodeModules: process.env.KALEYRA_E2E_NODE_MODULES!,
    env: { KALEYRA_API_KEY: KEY, KALEYRA_API_DOMAIN: emulator.url, KALEYRA_SID: SID },
  });
  project.setConfig({ "kaleyra-flows:flows": MATCHING });
});
afterAll(async () => emulator?.close());
beforeEach(() => emulator.clearRequests());

test("adopting PUBLISHED flows that already match sends no update and leaves them published", async () => {
  const up = await project.up();
  expect(up.code).toBe(0);
  expect(emulator.requests({ method: "GET" })).toHaveLength(2);
  expect(emulator.requests({ method: "POST" })).toHaveLength(0);
  expect(emulator.getFlow(SID, BOOKING)!.status).toBe("PUBLISHED");
  expect(emulator.getFlow(SID, SURVEY)!.status).toBe("PUBLISHED");
  expect((await bookingState()).outputs.status).toBe("PUBLISHED");
});

test("a change to a PUBLISHED flow: the preview warns, and up fails for that flow with nothing sent (either behaviour)", async () => {
  setFlows({ name: "Book a visit" });
  const preview = await project.preview();
  expect(preview.code).toBe(0);
  expect(preview.output).toContain(
    `warning: Kaleyra flow ${BOOKING} ("Book a visit") was PUBLISHED when last read; name would change. \`pulumi up\` will stop at this flow and send nothing`,
  );
  expect(emulator.requests()).toHaveLength(0);

  for (const mode of ["revert-to-draft", "refuse"] as const) {
    emulator.setPublishedUpdate(SID, mode);
    emulator.clearRequests();
    const up = await project.up();
    expect(up.code).not.toBe(0);
    expect(up.output).toContain(`Kaleyra flow ${BOOKING} (account ${SID}`);
    expect(up.output).toContain("the flow is PUBLISHED and name would change; nothing was sent");
    expect(up.output).toContain("clone it into a new DRAFT flow in WhatsApp Manager and point flowId at the clone");
    expect(up.output).toContain("allowPublishedUpdate: true");
    expect(emulator.requests({ method: "POST" })).toHaveLength(0);
    expect(emulator.getFlow(SID, BOOKING)).toMatchObject({ name: "Book an appointment", status: "PUBLISHED" });
  }
});

test("changing allowPublishedUpdate alone sends nothing", async () => {
  setFlows({ allowPublishedUpdate: true });
  const preview = await project.preview("--expect-no-changes");
  expect(preview.code).toBe(0);
  const up = await project.up();
  expect(up.code).toBe(0);
  expect(emulator.requests()).toHaveLength(0);
});

test("with the opt-in, an account that refuses: Kaleyra's refusal, named, and the flow untouched", async () => {
  emulator.setPublishedUpdate(SID, "refuse");
  setFlows({ name: "Book a visit", allowPublishedUpdate: true });
  const preview = await project.preview();
  expect(preview.output).toContain(
    "allowPublishedUpdate is on: the update may put the flow back to DRAFT (unpublish it)",
  );
  const up = await project.up();
  expect(up.code).not.toBe(0);
  expect(up.output).toContain("HTTP 400 WA-400");
  expect(up.output).toContain("Flow metadata cannot be updated while the flow is PUBLISHED");
  expect(emulator.requests({ method: "POST" })).toHaveLength(1);
  expect(emulator.getFlow(SID, BOOKING)).toMatchObject({ name: "Book an appointment", status: "PUBLISHED" });
});

test("with the opt-in, an account that puts the flow back to DRAFT: sent, the status change said and in outputs", async () => {
  emulator.setPublishedUpdate(SID, "revert-to-draft");
  const up = await project.up();
  expect(up.code).toBe(0);
  expect(emulator.requests({ method: "POST" })).toHaveLength(1);
  expect(emulator.requests({ method: "GET", flowId: BOOKING })).toHaveLength(2); // before and after
  expect(up.output).toContain(
    `warning: Kaleyra flow ${BOOKING} ("Book a visit", account ${SID}) went from PUBLISHED to DRAFT when name changed (allowPublishedUpdate is on).`,
  );
  expect(emulator.getFlow(SID, BOOKING)).toMatchObject({ name: "Book a visit", status: "DRAFT" });
  expect((await bookingState()).outputs.status).toBe("DRAFT");
  expect((await project.preview("--expect-no-changes")).code).toBe(0);
});

test("the opt-in from stack config works the same; a DEPRECATED flow that would change fails even with it", async () => {
  project.setConfig({ "kaleyra:allowPublishedUpdate": "true" });
  emulator.publishFlow(SID, BOOKING);
  emulator.setPublishedUpdate(SID, "revert-to-draft");
  setFlows({ name: "Book a visit now" });
  expect((await project.up()).code).toBe(0);
  expect(emulator.getFlow(SID, BOOKING)).toMatchObject({ name: "Book a visit now", status: "DRAFT" });

  emulator.publishFlow(SID, BOOKING);
  emulator.deprecateFlow(SID, BOOKING);
  emulator.clearRequests();
  setFlows({ name: "Book a visit later" });
  const up = await project.up();
  expect(up.code).not.toBe(0);
  expect(up.output).toContain("the flow is DEPRECATED and name would change; nothing was sent");
  expect(up.output).toContain("A DEPRECATED flow cannot take metadata changes");
  expect(emulator.requests({ method: "POST" })).toHaveLength(0);
  project.setConfig({ "kaleyra:allowPublishedUpdate": undefined });
});
