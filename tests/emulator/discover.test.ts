/**
 * `pulumi-kaleyra-flows discover` against the emulator over real HTTP, driven in-process
 * through runDiscover (args, env, io): paging with `after` on the emulator's own origin and
 * never the `paging.next` URL (which points at a trap server), every list shape, answers of
 * another shape, wrong keys and echoed keys, progress, stdout and --out/--force, refused
 * flags, and the promise itself: the file validates, and adopting every flow it declares
 * with the provider's own lifecycle sends no update and leaves no change to preview.
 */
import { contextOf, settingsOf } from "../support/provider-context";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { ECHO_SHAPES, RunningEmulator, SeedFile, startEmulator } from "../../emulator";
import { runCli } from "../../provider/cli";
import { runDiscover } from "../../provider/discover/command";
import { SILENT } from "../support/diagnostics";
import { parseFlowsText, type FlowsFileEntry } from "../../provider/gitops/flows-file";
import { check, create, diff } from "../../provider/resources/flow-metadata";
import { startScriptedServer } from "../support/scripted-server";

const SID = "HXDISC0001";
const KEY = "Adiscover0000000000000000000000003";
const WABA = "1029384756102938";
const OTHER_WABA = "2938475610293847";
const id = (n: number) => `77000000000000${String(n).padStart(2, "0")}`;

const SEVEN = [
  { id: id(1), name: "Sign up", categories: ["SIGN_UP"], endpoint_uri: "https://flows.example.com/sign-up" },
  { id: id(2), name: "Book an appointment", categories: ["APPOINTMENT_BOOKING"], status: "PUBLISHED" as const },
  { id: id(3), name: "Customer survey", categories: ["SURVEY", "OTHER"] },
  { id: id(4), name: "Réservation café", categories: ["APPOINTMENT_BOOKING"], status: "THROTTLED" as const },
  { id: id(5), name: "Lead capture", categories: ["LEAD_GENERATION"], endpoint_uri: "https://flows.example.com/lead" },
  { id: id(6), name: "Old sign up", categories: ["SIGN_UP"], status: "DEPRECATED" as const },
  { id: id(7), name: "Contact us", categories: ["CONTACT_US"] },
];

/** Values the emulator stores but this package's rules refuse or would change. */
const HOSTILE = [
  { id: id(11), name: "Bell\u0007 and\u2028separator", categories: ["OTHER"] },
  { id: id(12), name: "n".repeat(201), categories: ["SURVEY"] },
  { id: id(13), name: "  Padded  ", categories: ["SHOPPING"] },
  { id: id(14), name: "Twin", categories: ["OTHER"] },
  { id: id(15), name: "Twin", endpoint_uri: "https://flows.example.com/twin" },
  { id: id(16), name: "Loud URL", endpoint_uri: "https://Flows.Example.com:443/a" },
  { id: id(17), name: "Private", endpoint_uri: "https://10.1.2.3/flow", categories: ["OTHER"] },
  { id: id(18), name: "Only bad name\u202E" },
  { id: id(19), name: 'yes: "quoted" # not a comment', categories: ["OTHER"] },
  { id: id(20), name: "Blocked", status: "BLOCKED" as const },
];

const SEED: SeedFile = {
  accounts: [
    {
      sid: SID,
      apiKey: KEY,
      wabaId: WABA,
      pageSize: 25,
      flows: [...SEVEN, ...HOSTILE.map((f) => ({ ...f, wabaId: OTHER_WABA }))],
    },
    { sid: "HXEMPTY001", apiKey: "Aempty0000000000000000000000000003", wabaId: "3333333333333333" },
    { sid: "HXNOFLOW01", apiKey: "Anoflow000000000000000000000000003", wabaId: "4444444444444444", flowApi: false },
  ],
};

let emulator: RunningEmulator;
let trap: Awaited<ReturnType<typeof startScriptedServer>>;
let work: string;

beforeAll(async () => {
  // `paging.next` points here: any request to it is a failure.
  trap = await startScriptedServer(() => ({ status: 500, body: { error: "discover followed paging.next" } }));
  emulator = await startEmulator({ seed: SEED, quiet: true, pagingNextOrigin: trap.url });
  work = mkdtempSync(join(tmpdir(), "kaleyra-discover-"));
});
afterAll(async () => {
  await emulator.close();
  await trap.close();
  rmSync(work, { recursive: true, force: true });
});
beforeEach(() => {
  emulator.loadSeed(SEED);
  trap.requests.splice(0);
});
afterEach(() => expect(trap.requests).toEqual([]));

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    KALEYRA_SID: SID,
    KALEYRA_API_KEY: KEY,
    KALEYRA_API_DOMAIN: emulator.url,
    KALEYRA_RETRY_BASE_MS: "1",
    KALEYRA_RETRY_MAX_DELAY_MS: "5",
    ...extra,
  };
}

async function discover(args: string[], environment: Record<string, string> = env()) {
  let stdout = "";
  let stderr = "";
  const code = await runDiscover(
    args,
    environment,
    { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
    { cwd: work },
  );
  return { code, stdout, stderr, output: `${stdout}\n${stderr}` };
}

/** Every discovered text in this file goes through here: `validate`'s checker accepts it. */
function valid(text: string, name = "flows.yaml"): FlowsFileEntry[] {
  const { flows, problems } = parseFlowsText(text, name);
  expect(problems).toEqual([]);
  return flows;
}

const listRequests = () => emulator.requests({ method: "GET" });
const fresh = (name: string) => join(work, `${name}-${Math.random().toString(36).slice(2)}.yaml`);

describe("paging", () => {
  test("7 flows at page size 3: 3 GETs with limit and after on the emulator's own origin, none to next's", async () => {
    const { code, stdout, stderr } = await discover(["--waba", WABA, "--page-size", "3"]);
    expect(code).toBe(0);
    const requests = listRequests();
    expect(requests).toHaveLength(3);
    expect(requests.map((r) => r.path)).toEqual(Array(3).fill(`/v2/${SID}/whatsapp/${WABA}/flows`));
    expect(requests.map((r) => r.query.limit)).toEqual(["3", "3", "3"]);
    expect(requests[0].query.after).toBeUndefined();
    expect(requests[1].query.after).toEqual(expect.any(String));
    expect(requests[2].query.after).toEqual(expect.any(String));
    expect(requests[1].query.after).not.toBe(requests[2].query.after);
    expect(requests.every((r) => r.status === 200)).toBe(true);
    expect(emulator.requests({ method: "POST" })).toEqual([]);
    expect(trap.requests).toEqual([]);

    expect(stderr).toContain(
      `Listing the flows of WhatsApp Business Account ${WABA} in Kaleyra account ${SID} at ${emulator.url}...\n`,
    );
    expect(stderr).toContain("  page 1: 3 flows so far\n  page 2: 6 flows so far\n  page 3: 7 flows so far\n");
    expect(stderr).toContain(
      "Wrote 6 flows to standard output (3 pages read; 1 left out, named in the comments at the end of the file).",
    );

    const flows = valid(stdout);
    expect(flows.map((f) => [f.resourceName, f.args.flowId])).toEqual([
      ["book-an-appointment", id(2)],
      ["contact-us", id(7)],
      ["customer-survey", id(3)],
      ["lead-capture", id(5)],
      ["reservation-cafe", id(4)],
      ["sign-up", id(1)],
    ]);
    expect(flows.find((f) => f.resourceName === "sign-up")!.args).toEqual({
      sid: SID,
      flowId: id(1),
      name: "Sign up",
      categories: ["SIGN_UP"],
      endpointUri: "https://flows.example.com/sign-up",
    });
    expect(stdout).toContain(
      `# - flow ${id(6)} "Old sign up" (DEPRECATED): a DEPRECATED flow cannot take metadata changes`,
    );
  });

  test("without --page-size no limit is sent: the account's page size decides", async () => {
    emulator.patchAccount(SID, { pageSize: 2 });
    const { code, stderr } = await discover(["--waba", WABA]);
    expect(code).toBe(0);
    expect(listRequests()).toHaveLength(4);
    expect(listRequests().every((r) => r.query.limit === undefined)).toBe(true);
    expect(stderr).toContain("  page 4: 7 flows so far\n");
  });

  test.each(["bare", "envelope", "envelope-flat"] as const)("list shape %s: the same file", async (listShape) => {
    const baseline = await discover(["--waba", WABA, "--page-size", "3"]);
    emulator.patchAccount(SID, { listShape });
    emulator.clearRequests();
    const { code, stdout } = await discover(["--waba", WABA, "--page-size", "3"]);
    expect(code).toBe(0);
    expect(stdout).toBe(baseline.stdout);
    expect(listRequests()).toHaveLength(3);
    valid(stdout);
  });

  test("server errors are retried as the provider retries them", async () => {
    emulator.addFault({ type: "error500", wabaId: WABA, times: 2 });
    const { code, stdout } = await discover(["--waba", WABA, "--page-size", "3"]);
    expect(code).toBe(0);
    expect(listRequests().map((r) => r.status)).toEqual([500, 500, 200, 200, 200]);
    valid(stdout);
  });
});

describe("the promise: the file validates, and adopting it changes nothing", () => {
  async function adoptAll(entries: readonly FlowsFileEntry[]): Promise<void> {
    const sources = { env: { KALEYRA_API_KEY: KEY, KALEYRA_API_DOMAIN: emulator.url } };
    for (const entry of entries) {
      const checked = check({ ...entry.args }, settingsOf(sources));
      expect(checked.failures).toEqual([]);
      const created = await create(checked.inputs!, contextOf(sources));
      // The next preview: old outputs against the same inputs.
      const next = await diff(created.outs!, checked.inputs!, SILENT);
      expect(next.changes).toBe(false);
    }
    expect(emulator.requests({ method: "POST" })).toEqual([]);
  }

  test("the plain WABA: every declared flow is adopted with no POST and no change", async () => {
    const out = fresh("plain");
    expect((await discover(["--waba", WABA, "--out", out])).code).toBe(0);
    emulator.clearRequests();
    await adoptAll(valid(readFileSync(out, "utf8")));
    expect(emulator.requests({ method: "GET" })).toHaveLength(6);
  });

  test("the hostile WABA: refused values are left unmanaged or out, with comments; the rest adopts with no POST", async () => {
    const { code, stdout, stderr } = await discover(["--waba", OTHER_WABA]);
    expect(code).toBe(0);
    const entries = valid(stdout);
    const byId = new Map(entries.map((e) => [e.args.flowId, e.args]));
    expect(byId.get(id(11))).toEqual({ sid: SID, flowId: id(11), categories: ["OTHER"] });
    expect(byId.get(id(12))).toEqual({ sid: SID, flowId: id(12), categories: ["SURVEY"] });
    expect(byId.get(id(13))).toEqual({ sid: SID, flowId: id(13), categories: ["SHOPPING"] });
    expect(byId.get(id(14))).toEqual({ sid: SID, flowId: id(14), name: "Twin", categories: ["OTHER"] });
    expect(byId.get(id(15))).toEqual({ sid: SID, flowId: id(15), endpointUri: "https://flows.example.com/twin" });
    expect(byId.get(id(16))).toEqual({ sid: SID, flowId: id(16), name: "Loud URL" });
    expect(byId.get(id(17))).toEqual({ sid: SID, flowId: id(17), name: "Private", categories: ["OTHER"] });
    expect(byId.get(id(18))).toBeUndefined();
    expect(byId.get(id(19))).toEqual({
      sid: SID,
      flowId: id(19),
      name: 'yes: "quoted" # not a comment',
      categories: ["OTHER"],
    });
    expect(byId.get(id(20))).toBeUndefined();

    expect(stdout).toContain('# not managed: name "Bell\\u{7} and\\u{2028}separator" holds a control character');
    expect(stdout).toContain('# not managed: name "  Padded  " has white space around it');
    expect(stdout).toContain(`# not managed: name "Twin" is also the name of flow ${id(14)} (flows.twin)`);
    expect(stdout).toContain('# not managed: endpointUri "https://10.1.2.3/flow" points at a private network address');
    expect(stdout).toContain(
      '# not managed: endpointUri "https://Flows.Example.com:443/a" is not written the way a URL parser reads it',
    );
    expect(stdout).toContain(
      `# - flow ${id(18)} "Only bad name\\u{202e}" (DRAFT): nothing left to manage: name cannot be managed as Kaleyra holds it:`,
    );
    expect(stdout).toContain(`# - flow ${id(20)} "Blocked" (BLOCKED)`);
    for (const line of stdout.split("\n")) expect(line).not.toMatch(/[\u0007\u2028\u202E]/);
    expect(stderr).toContain("2 left out");
    expect(stderr).toContain("6 fields left unmanaged, each with a comment saying why");

    emulator.clearRequests();
    await adoptAll(entries);
  });

  test("the discovered file passes the validate command", async () => {
    const out = fresh("validate");
    expect((await discover(["--waba", WABA, "--out", out])).code).toBe(0);
    let stdout = "";
    expect(runCli(["validate", out], { stdout: (t) => (stdout += t), stderr: () => undefined })).toBe(0);
    expect(stdout).toBe(`${out}: 6 flows OK\n`);
    // An absolute --out is named by its file name in the header: no local folder in a committed file.
    const text = readFileSync(out, "utf8");
    expect(text).not.toContain(work);
    expect(text).toContain(`npx pulumi-kaleyra-flows validate ${out.slice(work.length + 1)}`);
  });
});

describe("output", () => {
  test("stdout mode: the file alone on stdout, progress alone on stderr", async () => {
    const { code, stdout, stderr } = await discover(["--waba", WABA]);
    expect(code).toBe(0);
    expect(
      stdout.startsWith(`# Flows of WhatsApp Business Account ${WABA} in Kaleyra account ${SID}: 6 flows, 1 left out`),
    ).toBe(true);
    expect(stdout).not.toContain("page 1");
    expect(stderr).not.toContain("version: 1");
    valid(stdout);
    // `--out -` is the same.
    expect((await discover(["--waba", WABA, "--out", "-"])).stdout).toBe(stdout);
  });

  test("--out writes the file (relative to the working folder), nothing on stdout; it never holds the API domain", async () => {
    const { code, stdout, stderr } = await discover(["--waba", WABA, "--region", "eu", "--out", "relative.yaml"]);
    expect(code).toBe(0);
    expect(stdout).toBe("");
    const text = readFileSync(join(work, "relative.yaml"), "utf8");
    expect(valid(text)[0].args).toMatchObject({ sid: SID, region: "EU" });
    expect(text).not.toContain(emulator.url);
    expect(text).not.toContain("apiDomain:");
    expect(text).toContain("npx pulumi-kaleyra-flows validate relative.yaml");
    expect(stderr).toContain("Wrote 6 flows to relative.yaml");
    expect(stderr).toContain("Next: npx pulumi-kaleyra-flows validate relative.yaml");
    expect(readdirSync(work).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  test("an existing file: refused without --force before anything is sent; replaced with it", async () => {
    const out = fresh("exists");
    writeFileSync(out, "# edited by hand\n");
    const refused = await discover(["--waba", WABA, "--out", out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${out} already exists: discover never replaces a file unless asked`);
    expect(readFileSync(out, "utf8")).toBe("# edited by hand\n");
    expect(emulator.requests()).toEqual([]);

    const forced = await discover(["--waba", WABA, "--out", out, "--force"]);
    expect(forced.code).toBe(0);
    valid(readFileSync(out, "utf8"));
  });

  test("a run that fails leaves an existing file untouched, even with --force, and no temporary file", async () => {
    const out = fresh("keep");
    writeFileSync(out, "# edited by hand\n");
    const { code } = await discover(
      ["--waba", WABA, "--out", out, "--force"],
      env({ KALEYRA_API_KEY: "Awrong00000000000000000000000000003" }),
    );
    expect(code).toBe(1);
    expect(readFileSync(out, "utf8")).toBe("# edited by hand\n");
    expect(readdirSync(work).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});

describe("failures: exit 1, the error's message, nothing written, never the key", () => {
  test("a wrong key: RBC001, naming the WABA, account and HTTP status; no file", async () => {
    const wrong = "Awrong00000000000000000000000000003";
    const out = fresh("wrong-key");
    const { code, stdout, stderr, output } = await discover(
      ["--waba", WABA, "--out", out],
      env({ KALEYRA_API_KEY: wrong }),
    );
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain(
      `pulumi-kaleyra-flows discover: Kaleyra WABA ${WABA} (account ${SID} at ${emulator.url}): the SID or API key was refused: HTTP 401 RBC001 "Incorrect SID or API key."`,
    );
    expect(stderr).toContain(
      "Nothing was written. discover reads the key from KALEYRA_API_KEY_<SID>, else KALEYRA_API_KEY",
    );
    expect(existsSync(out)).toBe(false);
    expect(output).not.toContain(wrong);
    expect(listRequests()).toHaveLength(1); // 401 is never retried
  });

  test("a WABA of another account: WA-401 naming the WABA", async () => {
    const { code, stderr } = await discover(["--waba", "9999999999999999"]);
    expect(code).toBe(1);
    expect(stderr).toContain("Kaleyra WABA 9999999999999999");
    expect(stderr).toContain("WA-401");
  });

  test("an account without the Flow API: its own error", async () => {
    const { code, stderr } = await discover(
      ["--waba", "4444444444444444", "--sid", "HXNOFLOW01"],
      env({ KALEYRA_API_KEY_HXNOFLOW01: "Anoflow000000000000000000000000003" }),
    );
    expect(code).toBe(1);
    expect(stderr).toContain("the WhatsApp Flows API is not enabled for this account");
  });

  test("an empty WABA: nothing to manage, exit 1, nothing written", async () => {
    const out = fresh("empty");
    const { code, stderr } = await discover(
      ["--waba", "3333333333333333", "--sid", "HXEMPTY001", "--out", out],
      env({ KALEYRA_API_KEY: "Aempty0000000000000000000000000003" }),
    );
    expect(code).toBe(1);
    expect(stderr).toContain(
      "has nothing to manage: it has no flows. A flows file needs at least one flow, so nothing was written.",
    );
    expect(existsSync(out)).toBe(false);
  });

  test("an answer of another shape (a 200 whose data is no list): named with what arrived, redacted", async () => {
    emulator.addFault({ type: "echo", shape: "message", status: 200, wabaId: WABA });
    const out = fresh("shape");
    const { code, stderr, output } = await discover(["--waba", WABA, "--out", out]);
    expect(code).toBe(1);
    expect(stderr).toContain(
      "the envelope's data is neither a list of flows nor {data, paging}; what arrived (application/json):",
    );
    expect(stderr).toContain("Invalid api-key: [REDACTED]");
    expect(output).not.toContain(KEY);
    expect(existsSync(out)).toBe(false);
  });

  test("an answer that is not Kaleyra's at all, from another server: named with what arrived", async () => {
    const stranger = await startScriptedServer(() => ({
      body: { flows: [{ id: id(1) }], next: "https://elsewhere.example/" },
    }));
    try {
      const { code, stderr } = await discover(["--waba", WABA, "--api-domain", stranger.url]);
      expect(code).toBe(1);
      expect(stderr).toContain(
        'the response is not a list of flows ({data: [...], paging}); what arrived (application/json): {"flows":[{"id":"7700000000000001"}],"next":"https://elsewhere.example/"}',
      );
      expect(stranger.requests).toHaveLength(1);
      expect(stranger.requests[0].headers["api-key"]).toBe(KEY);
    } finally {
      await stranger.close();
    }
  });

  test.each(ECHO_SHAPES)("echo fault (%s): the key appears nowhere in stdout or stderr", async (shape) => {
    emulator.addFault({ type: "echo", shape, status: 500, wabaId: WABA });
    const { code, output } = await discover(["--waba", WABA], env({ KALEYRA_MAX_RETRIES: "1" }));
    expect(code).toBe(1);
    expect(output).not.toContain(KEY);
    expect(output).toContain("Nothing was written.");
  });

  test("an echo that clears up: retried, the file written, the key nowhere", async () => {
    emulator.addFault({ type: "echo", shape: "errorField", status: 500, wabaId: WABA, times: 1 });
    const { code, output, stdout } = await discover(["--waba", WABA]);
    expect(code).toBe(0);
    expect(output).not.toContain(KEY);
    valid(stdout);
  });
});

describe("refused before anything is sent: exit 2", () => {
  test("an --api-key flag", async () => {
    const { code, stderr, output } = await discover(["--waba", WABA, "--api-key", KEY]);
    expect(code).toBe(2);
    expect(stderr).toContain("--api-key is refused: the API key is never taken from a flag");
    expect(output).not.toContain(KEY);
    expect(emulator.requests()).toEqual([]);
  });

  test("plain http to a host that is not this machine", async () => {
    const { code, stderr } = await discover(["--waba", WABA, "--api-domain", "http://kaleyra.example.com:4010"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--api-domain uses plain http to a host that is not this machine");
    expect(emulator.requests()).toEqual([]);
  });

  test("a bad tunable", async () => {
    const { code, stderr } = await discover(["--waba", WABA], env({ KALEYRA_CONCURRENCY: "lots" }));
    expect(code).toBe(2);
    expect(stderr).toContain("KALEYRA_CONCURRENCY must be a whole number");
    expect(emulator.requests()).toEqual([]);
  });
});

/**
 * The built CLI as a user runs it, as a child process. Only when dist/ was built from the
 * sources as they are now: this suite never builds (dist/ is shared), so a stale build is
 * skipped rather than tested.
 */
const ROOT = join(__dirname, "..", "..");
const BUILT_CLI = join(ROOT, "dist", "provider", "cli", "index.js");
function sourcesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourcesUnder(join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [join(dir, entry.name)]
        : [],
  );
}
function distIsFresh(): boolean {
  return sourcesUnder("provider").every((source) => {
    const built = join(ROOT, "dist", source.replace(/\.ts$/, ".js"));
    return existsSync(built) && statSync(built).mtimeMs >= statSync(join(ROOT, source)).mtimeMs;
  });
}
const builtTest = distIsFresh() ? test : test.skip;

builtTest("the built CLI, as a child process: discover writes a file that validate accepts", () => {
  const out = fresh("child");
  // An asynchronous spawn: spawnSync would block this process, and with it the in-process
  // emulator the child talks to.
  return new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [BUILT_CLI, "discover", "--waba", WABA, "--out", relative(work, out)], {
      cwd: work,
      env: { PATH: process.env.PATH ?? "", ...env() },
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      try {
        expect(code).toBe(0);
        expect(stderr).toContain("page 1: 7 flows so far");
        const validated = spawnSync(process.execPath, [BUILT_CLI, "validate", out], { encoding: "utf8" });
        expect(validated.status).toBe(0);
        expect(validated.stdout).toBe(`${out}: 6 flows OK\n`);
        resolve();
      } catch (error) {
        reject(error);
      }
    });
  });
});
