/**
 * `discover --import-file FILE` against the emulator: the JSON `pulumi import --file FILE`
 * takes, one resource per flow the flows file declares, named as the flows file names it,
 * with the flow id as the import id; FlowMetadata, or Flow for a flow `--with-json` declares
 * whole. Written with the other files (all or none), never replacing one without --force, and
 * holding nothing from the environment (no key, SID or origin).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_SEED, RunningEmulator, SeedFile, startEmulator } from "../../emulator";
import { runDiscover } from "../../provider/discover/command";
import { parseFlowsText } from "../../provider/gitops/flows-file";
import { NATIVE_FLOW_METADATA_TYPE, NATIVE_FLOW_TYPE } from "../../provider/native/tokens";

const [account] = DEMO_SEED.accounts;
/** The demo account's SID, key and WABA, as plain strings. */
const DEMO = { sid: account.sid, apiKey: account.apiKey, wabaId: account.wabaId! };

const SID = "HXDISCIMP01";
const KEY = "Adiscimport00000000000000000000003";
const WABA = "1029384756102938";
const id = (n: number) => `79000000000000${String(n).padStart(2, "0")}`;
const SIGN_UP = readFileSync(join(__dirname, "..", "fixtures", "flow-json", "sign-up.json"), "utf8");

/** Whole flows, a flow with no JSON, one left out (DEPRECATED): every way a flow ends up. */
const JSON_SEED: SeedFile = {
  accounts: [
    {
      sid: SID,
      apiKey: KEY,
      wabaId: WABA,
      flows: [
        { id: id(1), name: "Sign up", categories: ["SIGN_UP"], flowJson: SIGN_UP },
        { id: id(2), name: "Sign up again", categories: ["SIGN_UP"], status: "PUBLISHED", flowJson: SIGN_UP },
        { id: id(3), name: "No JSON yet", categories: ["OTHER"] },
        { id: id(4), name: "Old one", categories: ["OTHER"], status: "DEPRECATED" },
      ],
    },
  ],
};

let demo: RunningEmulator;
let withJson: RunningEmulator;
let work: string;

beforeAll(async () => {
  demo = await startEmulator({ seed: DEMO_SEED, quiet: true });
  withJson = await startEmulator({ seed: JSON_SEED, quiet: true });
});
afterAll(async () => {
  await demo.close();
  await withJson.close();
});
beforeEach(() => {
  demo.loadSeed(DEMO_SEED);
  withJson.loadSeed(JSON_SEED);
  work = mkdtempSync(join(tmpdir(), "kaleyra-discover-import-"));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const demoEnv = () => ({
  KALEYRA_SID: DEMO.sid,
  KALEYRA_API_KEY: DEMO.apiKey,
  KALEYRA_API_DOMAIN: demo.url,
  KALEYRA_RETRY_BASE_MS: "1",
  KALEYRA_RETRY_MAX_DELAY_MS: "5",
});
const jsonEnv = () => ({ ...demoEnv(), KALEYRA_SID: SID, KALEYRA_API_KEY: KEY, KALEYRA_API_DOMAIN: withJson.url });

async function discover(args: string[], env: Record<string, string> = demoEnv()) {
  let stdout = "";
  let stderr = "";
  const code = await runDiscover(
    args,
    env,
    { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
    { cwd: work },
  );
  return { code, stdout, stderr };
}

const read = (name: string) => readFileSync(join(work, name), "utf8");

/** The flows file's resource names, in its order, with each one's flow id and kind. */
function flowsFileResources(text: string) {
  // Named as if in the work folder: a Flow entry's flowJson is checked relative to it.
  const { entries, problems } = parseFlowsText(text, join(work, "flows.yaml"));
  expect(problems).toEqual([]);
  return entries.map((entry) => ({
    type: entry.kind === "Flow" ? NATIVE_FLOW_TYPE : NATIVE_FLOW_METADATA_TYPE,
    name: entry.resourceName,
    id: entry.args.flowId,
  }));
}

/** The demo account's three flows, as `pulumi import --file` takes them, to the byte. */
const DEMO_IMPORT_FILE = `{
  "resources": [
    {
      "type": "kaleyra:index:FlowMetadata",
      "name": "book-an-appointment",
      "id": "1234567890123452"
    },
    {
      "type": "kaleyra:index:FlowMetadata",
      "name": "customer-survey",
      "id": "1234567890123453"
    },
    {
      "type": "kaleyra:index:FlowMetadata",
      "name": "sign-up",
      "id": "1234567890123451"
    }
  ]
}
`;

describe("the demo account", () => {
  test("the import file, to the byte: every flow a FlowMetadata, named as the flows file names it, its id the flow id", async () => {
    const { code, stdout, stderr } = await discover([
      "--waba",
      DEMO.wabaId,
      "--out",
      "flows.yaml",
      "--import-file",
      "import.json",
    ]);
    expect(code).toBe(0);
    expect(stdout).toBe("");
    expect(read("import.json")).toBe(DEMO_IMPORT_FILE);
    expect(JSON.parse(read("import.json")).resources).toEqual(flowsFileResources(read("flows.yaml")));
    expect(stderr).toContain("Wrote 3 flows to flows.yaml (1 page read).");
    expect(stderr).toContain(
      "Import file: import.json, for programs on the native provider (Python, Go, YAML...). Next: npx " +
        "pulumi-kaleyra-flows plugin install (once per machine), then pulumi import --file import.json",
    );
    // Only reads were sent.
    expect(demo.requests().filter((request) => request.method !== "GET")).toEqual([]);
  });

  test("nothing from the environment in it: no key, no SID, no origin", async () => {
    expect((await discover(["--waba", DEMO.wabaId, "--import-file", "import.json"])).code).toBe(0);
    const text = read("import.json");
    for (const secretOrSetting of [DEMO.apiKey, DEMO.sid, demo.url, new URL(demo.url).port, "apiKey", "Ademo"]) {
      expect(text).not.toContain(secretOrSetting);
    }
    // Pulumi's format and nothing more: resources, each with type, name and id.
    const parsed = JSON.parse(text);
    expect(Object.keys(parsed)).toEqual(["resources"]);
    for (const resource of parsed.resources) expect(Object.keys(resource)).toEqual(["type", "name", "id"]);
  });

  test("--import-file alone writes only the import file; --out - prints the flows file as well", async () => {
    const alone = await discover(["--waba", DEMO.wabaId, "--import-file", "import.json"]);
    expect(alone.code).toBe(0);
    expect(alone.stdout).toBe("");
    expect(readdirSync(work)).toEqual(["import.json"]);
    expect(read("import.json")).toBe(DEMO_IMPORT_FILE);
    expect(alone.stderr).toContain("Wrote 3 flows to import.json, and no flows file (1 page read).");

    rmSync(join(work, "import.json"));
    const both = await discover(["--waba", DEMO.wabaId, "--import-file", "import.json", "--out", "-"]);
    expect(both.code).toBe(0);
    expect(readdirSync(work)).toEqual(["import.json"]);
    expect(read("import.json")).toBe(DEMO_IMPORT_FILE);
    expect(flowsFileResources(both.stdout)).toEqual(JSON.parse(DEMO_IMPORT_FILE).resources);
    expect(both.stderr).toContain("Wrote 3 flows to standard output (1 page read).");
  });

  test("an existing import file: refused without --force before anything is sent, nothing written; replaced with it", async () => {
    writeFileSync(join(work, "import.json"), '{"resources": []}\n');
    const refused = await discover(["--waba", DEMO.wabaId, "--out", "flows.yaml", "--import-file", "import.json"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      "import.json already exists: discover never replaces a file unless asked (it may be an import file edited " +
        "by hand). Pass --force to replace it, or choose another --import-file.",
    );
    expect(demo.requests()).toEqual([]);
    expect(readdirSync(work)).toEqual(["import.json"]);
    expect(read("import.json")).toBe('{"resources": []}\n');

    const forced = await discover([
      "--waba",
      DEMO.wabaId,
      "--out",
      "flows.yaml",
      "--import-file",
      "import.json",
      "--force",
    ]);
    expect(forced.code).toBe(0);
    expect(read("import.json")).toBe(DEMO_IMPORT_FILE);
    expect(existsSync(join(work, "flows.yaml"))).toBe(true);
  });

  test("--force with --import-file alone is allowed; refused names are checked before anything is sent", async () => {
    writeFileSync(join(work, "import.json"), "{}\n");
    expect((await discover(["--waba", DEMO.wabaId, "--import-file", "import.json", "--force"])).code).toBe(0);
    expect(read("import.json")).toBe(DEMO_IMPORT_FILE);
    demo.clearRequests();

    const cases: Array<[string[], string]> = [
      [["--import-file", "-"], "--import-file needs a file: pulumi import --file reads one"],
      [["--import-file", ""], "--import-file needs a file name, e.g. --import-file import.json."],
      [["--import-file", "same.yaml", "--out", "same.yaml"], "--import-file and --out name the same file"],
      [["--import-file", "missing/import.json"], "cannot write missing/import.json: its folder does not exist."],
      [["--import-file", "."], "cannot write .: it is a folder. Give a file name, e.g. --import-file ./import.json."],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await discover(["--waba", DEMO.wabaId, ...args]);
      expect({ args, code }).toEqual({ args, code: 2 });
      expect(stderr).toContain(message);
    }
    expect(demo.requests()).toEqual([]);
    expect(readdirSync(work)).toEqual(["import.json"]);
  });
});

describe("--with-json", () => {
  const EXPECTED = [
    { type: NATIVE_FLOW_METADATA_TYPE, name: "no-json-yet", id: id(3) },
    { type: NATIVE_FLOW_TYPE, name: "sign-up", id: id(1) },
    { type: NATIVE_FLOW_TYPE, name: "sign-up-again", id: id(2) },
  ];

  test("the flows it declares whole are typed Flow, the others FlowMetadata; the flow left out is not there", async () => {
    const { code, stderr } = await discover(
      ["--waba", WABA, "--out", "flows.yaml", "--with-json", "flows", "--import-file", "import.json"],
      jsonEnv(),
    );
    expect(code).toBe(0);
    const resources = JSON.parse(read("import.json")).resources;
    expect(resources).toEqual(EXPECTED);
    // The same names, ids and kinds as the flows file's entries.
    expect(resources).toEqual(flowsFileResources(read("flows.yaml")));
    expect(readdirSync(join(work, "flows")).sort()).toEqual(["sign-up-again.json", "sign-up.json"]);
    expect(read("import.json")).not.toContain(KEY);
    expect(stderr).toContain("1 left out, named in the comments at the end of the file");
  });

  test("without a flows file, the flows left out and those that stay FlowMetadata are listed on stderr", async () => {
    const { code, stdout, stderr } = await discover(
      ["--waba", WABA, "--with-json", "flows", "--import-file", "import.json"],
      jsonEnv(),
    );
    expect(code).toBe(0);
    expect(stdout).toBe("");
    expect(readdirSync(work).sort()).toEqual(["flows", "import.json"]);
    expect(JSON.parse(read("import.json")).resources).toEqual(EXPECTED);
    expect(stderr).toContain(
      "Wrote 3 flows to import.json, and no flows file (1 page read; 2 typed Flow, their Flow JSON in flows, " +
        "1 FlowMetadata, listed below; 1 left out, listed below).",
    );
    expect(stderr).toContain(
      `  no-json-yet (flow ${id(3)}) is a FlowMetadata: Kaleyra holds no Flow JSON for it; add flowJson once it has one.`,
    );
    expect(stderr).toContain(
      `  - flow ${id(4)} "Old one" (DEPRECATED): a DEPRECATED flow cannot take metadata changes`,
    );
  });

  test("an import file named like one of the Flow JSON files: refused, nothing written", async () => {
    mkdirSync(join(work, "flows"));
    const { code, stderr } = await discover(
      ["--waba", WABA, "--out", "flows.yaml", "--with-json", "flows", "--import-file", "flows/sign-up.json"],
      jsonEnv(),
    );
    expect(code).not.toBe(0);
    expect(stderr).toContain("flows/sign-up.json would be written twice");
    expect(readdirSync(work)).toEqual(["flows"]);
    expect(readdirSync(join(work, "flows"))).toEqual([]);
  });
});
