/**
 * The SDKs committed under sdk/ are what the generator (scripts/pulumi-cli/sdk-gen.sh: the
 * pinned Pulumi codegen, built from the Go module proxy once per machine) makes from the
 * committed schema now. Fails when the schema changed and `npm run sdk` was not run.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../support/paths";

jest.setTimeout(600_000);

/** Every file under `dir`, relative, but installed dependencies and build output. */
function filesOf(dir: string): string[] {
  const out: string[] = [];
  const walk = (sub: string) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const relative = path.join(sub, entry.name);
      if (["node_modules", "bin", "build"].includes(entry.name) || entry.name.endsWith(".egg-info")) continue;
      if (entry.isDirectory()) walk(relative);
      else out.push(relative);
    }
  };
  walk("");
  return out.sort();
}

test("sdk/ is what the generator makes from schema/kaleyra.schema.json", () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "kaleyra-sdk-"));
  try {
    execFileSync("bash", [path.join(REPO_ROOT, "scripts/pulumi-cli/sdk-gen.sh"), "--out", out], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    const committed = path.join(REPO_ROOT, "sdk");
    const fresh = path.join(out, "sdk");
    expect(filesOf(committed)).toEqual(filesOf(fresh));
    const stale = filesOf(fresh).filter(
      (file) => !fs.readFileSync(path.join(fresh, file)).equals(fs.readFileSync(path.join(committed, file))),
    );
    expect(stale).toEqual([]);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
