/**
 * The provider as it lives in state: the `__provider` text a FlowMetadata registers, taken
 * from the package installed from its tarball, loaded in a fresh Node process the way the
 * dynamic-provider host loads it, and driving a real update against the emulator.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DEMO_SEED, RunningEmulator, startEmulator } from "../../emulator";
import { installForProjects, packPackage } from "../support/package-install";
import { REPO_ROOT } from "../support/paths";
import { run } from "../support/run";

jest.setTimeout(180_000);

let emulator: RunningEmulator;
let installDir: string;

beforeAll(async () => {
  if (!fs.existsSync(path.join(REPO_ROOT, "dist/provider/index.js"))) throw new Error("run `npm run build` first");
  emulator = await startEmulator({ seed: DEMO_SEED, quiet: true });
  installDir = path.dirname(
    await installForProjects("serialized-provider", await packPackage({ name: "serialized-provider" })),
  );
});
afterAll(async () => emulator?.close());

async function inInstall(script: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const copy = path.join(installDir, path.basename(script));
  fs.copyFileSync(path.join(__dirname, "../support", script), copy);
  const result = await run(process.execPath, [copy, ...args], { cwd: installDir, env: { ...process.env, ...env } });
  if (result.code !== 0) throw new Error(`${script} failed:\n${result.output}`);
  return JSON.parse(result.stdout);
}

test("the registered __provider, loaded fresh, updates a flow on the emulator", async () => {
  const { registered, serialized } = await inInstall("capture-provider-text.js");
  expect(Buffer.byteLength(registered)).toBeLessThanOrEqual(2048);
  // Pulumi's own serializer, given the same module from node_modules, also reduces it to a
  // require by package name: the two are interchangeable, and neither copies code.
  expect(serialized).toContain('require("pulumi-kaleyra-flows/runtime")');

  for (const text of [registered, serialized]) {
    emulator.loadSeed(DEMO_SEED); // the flow as it was: each run has a change to send

    const file = path.join(installDir, "provider.txt");
    fs.writeFileSync(file, text);
    const result = await inInstall("drive-serialized-provider.js", [file], {
      EMULATOR_URL: emulator.url,
      SID: "HXAP16DEMO0097IN",
      API_KEY: DEMO_SEED.accounts[0].apiKey,
    });
    expect(result.methods).toEqual(["check", "configure", "create", "delete", "diff", "read", "update"]);
    expect(result.changes.changes).toBe(true);
    expect(result.outs.name).toBe("Renamed by a serialized provider");
    const [request] = emulator.requests({ method: "POST" });
    expect(JSON.parse(request.body)).toEqual({ name: "Renamed by a serialized provider" });
    expect(emulator.getFlow("HXAP16DEMO0097IN", "1234567890123451")!.name).toBe("Renamed by a serialized provider");
  }
});
