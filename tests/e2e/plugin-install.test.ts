/**
 * `pulumi-kaleyra-flows plugin install` with the real Pulumi CLI, run from the package as a
 * user installs it (the e2e install of `npm pack`), each test with a PULUMI_HOME of its own so
 * the user's ~/.pulumi is never touched: the plugin cache then lists resource plugin kaleyra at
 * the package's version, the executable it holds starts and serves, `pulumi package get-schema`
 * gets the package's schema through it; `--reinstall` replaces it; no pulumi is a usage error.
 * And both new pieces together: `discover --import-file` writes the file `pulumi import --file`
 * takes, and a YAML program with no `plugins:` entry imports every flow through the cached
 * plugin; with the code the import wrote, its preview shows no changes.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import YAML from "yaml";
import { DEMO_SEED, RunningEmulator, startEmulator } from "../../emulator";
import { PulumiProject } from "../support/pulumi-project";
import { run } from "../support/run";

jest.setTimeout(300_000);

const PACKAGE = fs.realpathSync(path.join(process.env.KALEYRA_E2E_NODE_MODULES!, "pulumi-kaleyra-flows"));
const CLI = path.join(PACKAGE, "dist", "provider", "cli", "index.js");
const ENTRY = path.join(PACKAGE, "dist", "provider", "native", "main.js");
const VERSION: string = JSON.parse(fs.readFileSync(path.join(PACKAGE, "package.json"), "utf8")).version;
const BIN = process.env.KALEYRA_E2E_PULUMI_BIN!;
const PULUMI = path.join(BIN, "pulumi");

/** The process's environment without any Pulumi or Kaleyra setting, as a clean shell has it. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith("PULUMI_") && !key.startsWith("KALEYRA_")),
  );
}

let home: string;
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), "kaleyra-plugin-home-"));
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

/** The environment the CLI and pulumi run in: pulumi on PATH, the test's PULUMI_HOME. */
const envWith = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  ...cleanEnv(),
  PATH: `${BIN}${path.delimiter}${process.env.PATH}`,
  PULUMI_HOME: home,
  PULUMI_SKIP_UPDATE_CHECK: "true",
  ...extra,
});

/** Runs the installed package's CLI with the node running the tests. */
function cli(args: string[], env: NodeJS.ProcessEnv = envWith(), cwd = home) {
  return run(process.execPath, [CLI, ...args], { cwd, env, timeoutMs: 120_000 });
}

function pulumi(args: string[], extra: NodeJS.ProcessEnv = {}) {
  return run(PULUMI, args, { cwd: home, env: envWith(extra), timeoutMs: 120_000 });
}

async function listed(): Promise<Array<Record<string, unknown>>> {
  const result = await pulumi(["plugin", "ls", "--json"]);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) ?? [];
}

/** The launcher in the plugin cache: Pulumi keeps each plugin in plugins/<kind>-<name>-v<version>/. */
const cached = () => path.join(home, "plugins", `resource-kaleyra-v${VERSION}`, "pulumi-resource-kaleyra");

/** Starts an executable as the engine starts a plugin and resolves the first line it prints. */
async function firstLine(executable: string): Promise<string> {
  const child = spawn(executable, [], { stdio: ["ignore", "pipe", "pipe"], env: cleanEnv() });
  try {
    return await new Promise<string>((resolve, reject) => {
      let out = "";
      let errors = "";
      child.stdout.on("data", (chunk) => {
        out += chunk;
        if (out.includes("\n")) resolve(out.split("\n")[0].trim());
      });
      child.stderr.on("data", (chunk) => (errors += chunk));
      child.on("exit", (code) => reject(new Error(`${executable} exited ${code} before printing: ${errors}`)));
    });
  } finally {
    child.kill();
  }
}

test("installs the plugin into the cache: listed at the package's version, it starts, and serves the schema", async () => {
  const result = await cli(["plugin", "install"]);
  expect(result.code).toBe(0);
  expect(result.stdout).toContain(`Running: ${PULUMI} plugin ls --json\n`);
  expect(result.stdout).toMatch(
    new RegExp(
      `Running: ${PULUMI} plugin install resource kaleyra ${VERSION.replace(/\./g, "\\.")} --exact --file \\S+\n`,
    ),
  );
  expect(result.stdout).toContain(
    `Installed the resource plugin kaleyra ${VERSION} into Pulumi's plugin cache. It runs this install of ` +
      `pulumi-kaleyra-flows:\n  ${process.execPath} ${ENTRY}\n`,
  );
  expect(result.stderr).toContain(`[resource plugin kaleyra-${VERSION}] installing`);

  expect((await listed()).filter((plugin) => plugin.name === "kaleyra")).toEqual([
    expect.objectContaining({ name: "kaleyra", kind: "resource", version: VERSION }),
  ]);
  // The launcher runs the installed package's entry (not the checkout's) with this node.
  const launcher = fs.readFileSync(cached(), "utf8");
  expect(launcher).toContain(`entry='${ENTRY}'`);
  expect(launcher).toContain(`node='${process.execPath}'`);
  expect(await firstLine(cached())).toMatch(/^[0-9]{2,5}$/);

  // Pulumi itself finds it in the cache (nothing on PATH counts) and gets the schema from it.
  const schema = await pulumi(["package", "get-schema", "kaleyra"], { PULUMI_IGNORE_AMBIENT_PLUGINS: "true" });
  expect(schema.code).toBe(0);
  expect(JSON.parse(schema.stdout)).toEqual(
    JSON.parse(fs.readFileSync(path.join(PACKAGE, "schema", "kaleyra.schema.json"), "utf8")),
  );
});

test("run again: kept as it is; with --reinstall (and --pulumi) replaced", async () => {
  expect((await cli(["plugin", "install"])).code).toBe(0);
  // As if the package had moved since: the cached launcher runs something else.
  fs.writeFileSync(cached(), "#!/bin/sh\necho stale >&2\nexit 1\n");

  const again = await cli(["plugin", "install"]);
  expect(again.code).toBe(0);
  expect(again.stdout).toContain(
    `The resource plugin kaleyra ${VERSION} is already in Pulumi's plugin cache, so nothing was changed.`,
  );
  expect(again.stdout).not.toContain("plugin install resource");
  expect(fs.readFileSync(cached(), "utf8")).toContain("echo stale");

  const reinstalled = await cli(
    ["plugin", "install", "--reinstall", "--pulumi", PULUMI],
    envWith({ PATH: "/nowhere" }),
  );
  expect(reinstalled.code).toBe(0);
  expect(reinstalled.stdout).toMatch(/plugin install resource kaleyra \S+ --exact --file \S+ --reinstall\n/);
  expect(reinstalled.stdout).toContain("(replacing any there)");
  expect(fs.readFileSync(cached(), "utf8")).toContain(`entry='${ENTRY}'`);
  expect(await firstLine(cached())).toMatch(/^[0-9]{2,5}$/);
  expect((await listed()).filter((plugin) => plugin.name === "kaleyra")).toHaveLength(1);
});

test("no pulumi on PATH and no --pulumi: exit 2, saying how to install it or use --pulumi; the cache untouched", async () => {
  const empty = fs.mkdtempSync(path.join(home, "bin-"));
  const result = await cli(["plugin", "install"], envWith({ PATH: empty }));
  expect(result.code).toBe(2);
  expect(result.stdout).toBe("");
  expect(result.stderr).toContain("pulumi-kaleyra-flows plugin install: no pulumi on PATH. Install the Pulumi CLI");
  expect(result.stderr).toContain("or give the one to run with --pulumi PATH");
  expect(fs.existsSync(path.join(home, "plugins"))).toBe(false);
});

describe("discover --import-file, then pulumi import --file through the cached plugin", () => {
  const [account] = DEMO_SEED.accounts;
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed: DEMO_SEED, quiet: true });
  });
  afterAll(async () => emulator?.close());

  test("a YAML program with no plugins: entry imports every flow discover lists, by its name; then no changes", async () => {
    const project = await PulumiProject.create("plugin-install-import-yaml", {
      source: path.join(__dirname, "programs/import-yaml"),
      nodeModules: process.env.KALEYRA_E2E_NODE_MODULES!,
      // Only the cache: a pulumi-resource-kaleyra on PATH would be used first.
      env: { PULUMI_IGNORE_AMBIENT_PLUGINS: "true", KALEYRA_RETRY_BASE_MS: "50" },
    });
    fs.rmSync(home, { recursive: true, force: true });
    home = path.join(project.dir, ".pulumi-home");
    expect((await cli(["plugin", "install"], envWith(), project.dir)).code).toBe(0);

    const discovered = await cli(
      ["discover", "--waba", account.wabaId!, "--import-file", "import.json"],
      envWith({ KALEYRA_SID: account.sid, KALEYRA_API_KEY: account.apiKey, KALEYRA_API_DOMAIN: emulator.url }),
      project.dir,
    );
    expect(discovered.code).toBe(0);
    const resources = JSON.parse(fs.readFileSync(path.join(project.dir, "import.json"), "utf8")).resources;
    expect(resources.map((r: { name: string }) => r.name)).toEqual([
      "book-an-appointment",
      "customer-survey",
      "sign-up",
    ]);

    project.setConfig({ "kaleyra:sid": account.sid, "kaleyra:apiDomain": emulator.url });
    await project.setSecret("kaleyra:apiKey", account.apiKey);
    emulator.clearRequests();
    const generated = path.join(project.dir, "imported.yaml");
    const imported = await project.pulumi(["import", "--file", "import.json", "--yes", "--out", generated]);
    expect(imported.code).toBe(0);
    expect(emulator.requests().filter((request) => request.method !== "GET")).toEqual([]);

    const state = (await project.exportState()).resources.filter((r) => r.type === "kaleyra:index:FlowMetadata");
    expect(state.map((r) => [r.urn.split("::").pop(), r.id]).sort()).toEqual(
      resources.map((r: { name: string; id: string }) => [r.name, r.id]),
    );

    // The code the import wrote, added to the program: nothing left to change.
    const code = YAML.parse(fs.readFileSync(generated, "utf8"));
    const file = path.join(project.dir, "Pulumi.yaml");
    const program = YAML.parse(fs.readFileSync(file, "utf8"));
    program.resources = code.resources;
    fs.writeFileSync(file, YAML.stringify(program));
    const preview = await project.preview("--expect-no-changes");
    expect(preview.code).toBe(0);
  });
});
