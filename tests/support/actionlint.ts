import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { REPO_ROOT } from "./paths";

/** The script that provides and runs actionlint (scripts/actionlint.sh). */
export const ACTIONLINT_SCRIPT = path.join(REPO_ROOT, "scripts", "actionlint.sh");

/** Where the unit suite's global setup leaves the binary's path, or why there is none. */
const BIN_VARIABLE = "KALEYRA_TEST_ACTIONLINT_BIN";
const ERROR_VARIABLE = "KALEYRA_TEST_ACTIONLINT_ERROR";

/**
 * Provides actionlint once per test run (`scripts/actionlint.sh --ensure`: the one on PATH,
 * or the pinned build, made once per machine into the per-user cache) and records the
 * result in the environment, which jest's workers inherit. A failure is recorded, not
 * thrown, so that only the tests that need actionlint fail, each with the reason.
 */
export function provideActionlint(): void {
  if (process.env[BIN_VARIABLE]) return;
  const result = spawnSync("bash", [ACTIONLINT_SCRIPT, "--ensure"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  process.stderr.write(result.stderr ?? "");
  const bin = (result.stdout ?? "").trim().split("\n").pop();
  if (result.status === 0 && bin) {
    process.env[BIN_VARIABLE] = bin;
    delete process.env[ERROR_VARIABLE];
  } else {
    process.env[ERROR_VARIABLE] =
      `scripts/actionlint.sh --ensure exited ${result.status ?? result.signal}: ${(result.stderr || String(result.error ?? "")).trim()}`;
  }
}

/**
 * The actionlint binary the global setup provided.
 * @throws naming why there is none: tests that lint fail rather than skip without it.
 */
export function actionlintBin(): string {
  const bin = process.env[BIN_VARIABLE];
  if (bin) return bin;
  throw new Error(
    `actionlint is not available, so the workflows cannot be linted. ${process.env[ERROR_VARIABLE] ?? "The unit suite's global setup (tests/unit/global-setup.ts) did not run."}`,
  );
}
