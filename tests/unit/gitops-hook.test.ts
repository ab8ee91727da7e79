import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * examples/gitops/hooks/pre-commit in a real git repository: which staged files it hands to
 * `validate` as flows files and which to `validate --flow-json`. `npx` is a stand-in on PATH
 * that records its arguments, so this is the hook's own selection, not the CLI's checks.
 */
const HOOK = join(__dirname, "..", "..", "examples", "gitops", "hooks", "pre-commit");
let repo: string;

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), "kaleyra-hook-"));
  const git = (...args: string[]) => spawnSync("git", args, { cwd: repo, encoding: "utf8" });
  git("init", "-q");
  mkdirSync(join(repo, "bin"));
  writeFileSync(join(repo, "bin", "npx"), `#!/bin/sh\necho "$@" >> "${join(repo, "calls.txt")}"\n`);
  chmodSync(join(repo, "bin", "npx"), 0o755);
});
afterEach(() => rmSync(repo, { recursive: true, force: true }));

function stageAndRun(files: string[]): string[] {
  for (const file of files) {
    mkdirSync(join(repo, file, ".."), { recursive: true });
    writeFileSync(join(repo, file), "{}\n");
  }
  spawnSync("git", ["add", ...files], { cwd: repo });
  const result = spawnSync("sh", [HOOK], {
    cwd: repo,
    encoding: "utf8",
    env: { PATH: `${join(repo, "bin")}:${process.env.PATH ?? ""}` },
  });
  expect(result.status).toBe(0);
  try {
    return readFileSync(join(repo, "calls.txt"), "utf8").trimEnd().split("\n");
  } catch {
    return [];
  }
}

test("flows files go to validate, Flow JSON files in a flows/ folder to validate --flow-json, never both", () => {
  expect(
    stageAndRun(["flows.yaml", "flows-eu.json", "team/flows.yml", "flows/feedback.json", "team/flows/sign-up.json"]),
  ).toEqual([
    "--no-install pulumi-kaleyra-flows validate flows-eu.json flows.yaml team/flows.yml",
    "--no-install pulumi-kaleyra-flows validate --flow-json flows/feedback.json team/flows/sign-up.json",
  ]);
});

test("only Flow JSON files staged: validate --flow-json alone", () => {
  expect(stageAndRun(["flows/feedback.json"])).toEqual([
    "--no-install pulumi-kaleyra-flows validate --flow-json flows/feedback.json",
  ]);
});

test("nothing of either kind staged: nothing run", () => {
  expect(stageAndRun(["README.md", "other/data.json"])).toEqual([]);
});
