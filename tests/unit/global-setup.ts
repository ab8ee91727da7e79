import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { provideActionlint } from "../support/actionlint";
import { REPO_ROOT } from "../support/paths";

/**
 * Once per unit run, before any test's clock starts: provide actionlint, and build the SDK
 * generator (scripts/pulumi-cli/sdk-gen.sh, which tests/unit/native-sdk.test.ts runs), both
 * of which the first run on a machine builds from the Go module proxy (network, minutes).
 */
export default function globalSetup(): void {
  provideActionlint();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "kaleyra-sdk-warm-"));
  try {
    execFileSync("bash", [path.join(REPO_ROOT, "scripts/pulumi-cli/sdk-gen.sh"), "--out", out], {
      stdio: ["ignore", "ignore", "inherit"],
    });
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}
