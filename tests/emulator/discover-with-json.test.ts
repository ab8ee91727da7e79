/**
 * `discover --with-json DIR` against the emulator: each flow's Flow JSON read (Get Flow
 * Assets, then the download link, fetched with no key) into DIR, the flow declared as a whole
 * Flow; a flow with no JSON, or one the package's checks refuse, left metadata only with the
 * reason; existing JSON files never replaced without --force; and the promise: the file
 * validates, and adopting every Flow it declares with the Flow's own lifecycle sends nothing
 * and leaves no change to preview.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RunningEmulator, SeedFile, startEmulator } from "../../emulator";
import { runCli } from "../../provider/cli";
import { runDiscover } from "../../provider/discover/command";
import { parseFlowsText, type FlowsFileFlowEntry } from "../../provider/gitops/flows-file";
import { check, create, diff } from "../../provider/resources/flow";
import { SILENT } from "../support/diagnostics";
import { contextOf, settingsOf } from "../support/provider-context";

const SID = "HXDISCJSON01";
const KEY = "Adiscjson000000000000000000000003";
const WABA = "1029384756102938";
const id = (n: number) => `78000000000000${String(n).padStart(2, "0")}`;
const fixture = (name: string) => readFileSync(join(__dirname, "..", "fixtures", "flow-json", name), "utf8");
const SIGN_UP = fixture("sign-up.json");
const BOOKING = fixture("book-appointment.json");
const BROKEN = SIGN_UP.replace('"TextHeading"', '"TextHeadng"');

const SEED: SeedFile = {
  accounts: [
    {
      sid: SID,
      apiKey: KEY,
      wabaId: WABA,
      flows: [
        // Kaleyra's copy is compact: the file written is indented, and compares equal.
        { id: id(1), name: "Sign up", categories: ["SIGN_UP"], flowJson: JSON.stringify(JSON.parse(SIGN_UP)) },
        {
          id: id(2),
          name: "Book an appointment",
          categories: ["APPOINTMENT_BOOKING"],
          endpoint_uri: "https://flows.example.com/booking",
          status: "PUBLISHED",
          flowJson: BOOKING,
        },
        { id: id(3), name: "No JSON yet", categories: ["OTHER"] },
        { id: id(4), name: "Broken", categories: ["SURVEY"], flowJson: BROKEN },
      ],
    },
  ],
};

let emulator: RunningEmulator;
let work: string;

beforeAll(async () => {
  emulator = await startEmulator({ seed: SEED, quiet: true });
});
afterAll(async () => emulator.close());
beforeEach(() => {
  emulator.loadSeed(SEED);
  work = mkdtempSync(join(tmpdir(), "kaleyra-discover-json-"));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const env = {
  get KALEYRA_API_DOMAIN() {
    return emulator.url;
  },
  KALEYRA_SID: SID,
  KALEYRA_API_KEY: KEY,
  KALEYRA_RETRY_BASE_MS: "1",
  KALEYRA_RETRY_MAX_DELAY_MS: "5",
};

async function discover(args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runDiscover(
    args,
    { ...env },
    { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
    { cwd: work },
  );
  return { code, stdout, stderr };
}

function flowEntries(flowsFile: string): FlowsFileFlowEntry[] {
  const { entries, problems } = parseFlowsText(readFileSync(flowsFile, "utf8"), flowsFile);
  expect(problems).toEqual([]);
  return entries.filter((entry): entry is FlowsFileFlowEntry => entry.kind === "Flow");
}

test("each flow's JSON into DIR, declared as a Flow; no JSON or a refused one stays metadata only, saying why", async () => {
  const { code, stderr } = await discover(["--waba", WABA, "--out", "flows.yaml", "--with-json", "flows"]);
  expect(code).toBe(0);
  expect(stderr).toContain(
    "2 as whole Flows, their Flow JSON in flows, 2 metadata only, each with a comment saying why",
  );
  expect(readdirSync(join(work, "flows")).sort()).toEqual(["book-an-appointment.json", "sign-up.json"]);
  expect(JSON.parse(readFileSync(join(work, "flows", "sign-up.json"), "utf8"))).toEqual(JSON.parse(SIGN_UP));
  expect(readFileSync(join(work, "flows", "sign-up.json"), "utf8")).toBe(
    `${JSON.stringify(JSON.parse(SIGN_UP), null, 2)}\n`,
  );

  const text = readFileSync(join(work, "flows.yaml"), "utf8");
  expect(text).toContain(`wabaId: "${WABA}"`);
  const whole = flowEntries(join(work, "flows.yaml"));
  expect(whole.map((entry) => [entry.resourceName, entry.args.flowId, entry.args.publish])).toEqual([
    ["book-an-appointment", id(2), true],
    ["sign-up", id(1), undefined],
  ]);
  expect(whole[0].args.wabaId).toBe(WABA);
  expect(text).toContain("metadata only: Kaleyra holds no Flow JSON for it");
  expect(text).toMatch(
    /metadata only: its Flow JSON does not pass this package's checks \(1 problem; the first: .*TextHeadng/,
  );

  // Every link was fetched with no key and no Authorization of any kind.
  const downloads = emulator.downloads();
  expect(downloads).toHaveLength(3);
  for (const download of downloads) {
    const names = Object.keys(download.headers).map((name) => name.toLowerCase());
    expect(names).not.toContain("api-key");
    expect(names).not.toContain("authorization");
  }
  expect(emulator.requests({ method: "POST" })).toEqual([]);

  let out = "";
  expect(runCli(["validate", join(work, "flows.yaml")], { stdout: (t) => (out += t), stderr: () => undefined })).toBe(
    0,
  );
  expect(out).toContain("4 flows OK (2 Flow JSON files)");
});

test("adopting every Flow it declares sends nothing and previews no change: the first up of the account is quiet", async () => {
  expect((await discover(["--waba", WABA, "--out", "flows.yaml", "--with-json", "flows"])).code).toBe(0);
  const sources = { env: { ...env } };
  emulator.clearRequests();
  for (const entry of flowEntries(join(work, "flows.yaml"))) {
    const { flowJsonFile: _shown, ...args } = entry.args;
    const checked = await check({}, args, settingsOf(sources), SILENT);
    expect(checked.failures).toEqual([]);
    const created = await create(checked.inputs!, contextOf(sources));
    expect(created.id).toBe(entry.args.flowId);
    const next = await diff(created.outs!, checked.inputs!, SILENT);
    expect(next.changes).toBe(false);
  }
  // Reads only: no create, upload, publish or metadata update.
  expect(emulator.requests().filter((r) => r.method !== "GET")).toEqual([]);
  expect(emulator.getFlow(SID, id(2))!.status).toBe("PUBLISHED");
});

test("JSON files that exist are refused, all named, before anything is written; --force replaces them", async () => {
  mkdirSync(join(work, "flows"));
  writeFileSync(join(work, "flows", "sign-up.json"), "{}\n");
  const refused = await discover(["--waba", WABA, "--out", "flows.yaml", "--with-json", "flows"]);
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toContain("flows/sign-up.json already exists");
  expect(refused.stderr).toContain("--force");
  expect(existsSync(join(work, "flows.yaml"))).toBe(false);
  expect(readdirSync(join(work, "flows"))).toEqual(["sign-up.json"]);
  expect(readFileSync(join(work, "flows", "sign-up.json"), "utf8")).toBe("{}\n");

  const forced = await discover(["--waba", WABA, "--out", "flows.yaml", "--with-json", "flows", "--force"]);
  expect(forced.code).toBe(0);
  expect(JSON.parse(readFileSync(join(work, "flows", "sign-up.json"), "utf8"))).toEqual(JSON.parse(SIGN_UP));
});

test("--with-json naming a file, not a folder: refused before anything is sent", async () => {
  writeFileSync(join(work, "flows"), "");
  const { code, stderr } = await discover(["--waba", WABA, "--with-json", "flows"]);
  expect(code).toBe(2);
  expect(stderr).toContain("it is a file, not a folder");
  expect(emulator.requests()).toEqual([]);
});
