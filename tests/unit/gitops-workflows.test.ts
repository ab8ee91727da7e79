import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parse as parseYaml } from "yaml";

/**
 * The example repository's GitHub Actions workflows: they pass actionlint, and secrets
 * reach them only as `${{ secrets.* }}`, never as values in the repository.
 */
const ROOT = join(__dirname, "..", "..");
const EXAMPLE = join(ROOT, "examples", "gitops");
const WORKFLOWS = join(EXAMPLE, ".github", "workflows");
/** The emulator's built-in demo key: public, and the only key allowed in the example. */
const DEMO_KEY = "Ademo0000000000000000000000000003";

const workflowFiles = readdirSync(WORKFLOWS).filter((f) => f.endsWith(".yml"));
const text = (name: string) => readFileSync(join(WORKFLOWS, name), "utf8");
const workflow = (name: string): any => parseYaml(text(name));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "node_modules") return [];
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Every `uses:` step of every job. */
const steps = (wf: any): any[] => Object.values(wf.jobs).flatMap((job: any) => job.steps);

test("the four workflows are there", () => {
  expect(workflowFiles.sort()).toEqual(["apply.yml", "drift.yml", "emulator.yml", "pull-request.yml"]);
});

test(
  "scripts/actionlint.sh passes on the example workflows",
  () => {
    // The first run on a machine builds actionlint from the Go module proxy (about 15 s).
    const result = spawnSync("bash", [join(ROOT, "scripts", "actionlint.sh")], { cwd: ROOT, encoding: "utf8" });
    expect({ code: result.status, output: result.stdout }).toEqual({ code: 0, output: "" });
  },
  300_000,
);

test("scripts/actionlint.sh fails on a workflow it cannot accept", () => {
  const broken = join(ROOT, "examples", "gitops", "does-not-exist.yml");
  const result = spawnSync("bash", [join(ROOT, "scripts", "actionlint.sh"), broken], { cwd: ROOT, encoding: "utf8" });
  expect(result.status).not.toBe(0);
}, 300_000);

describe("secrets", () => {
  test.each(workflowFiles)("%s: credentials only from ${{ secrets.* }} (the demo key aside)", (name) => {
    const source = text(name);
    // Any env-style setting named like a credential must be an expression on secrets.
    const credentialLines = source.split("\n").filter((line) => /^\s*[A-Z_]*(KEY|TOKEN|SECRET|PASSWORD)[A-Z_]*:\s*\S/.test(line));
    for (const line of credentialLines) {
      const value = line.replace(/^[^:]*:\s*/, "").trim();
      if (name === "emulator.yml" && value === DEMO_KEY) continue;
      expect({ name, line: line.trim(), fromSecrets: /^\$\{\{ secrets\.[A-Z_]+ \}\}$/.test(value) }).toEqual({ name, line: line.trim(), fromSecrets: true });
    }
    // The same for github-token inputs.
    for (const match of source.matchAll(/github-token:\s*(.+)/g)) expect(match[1].trim()).toBe("${{ secrets.GITHUB_TOKEN }}");
  });

  test("no key-looking literal anywhere in the example, but the public demo key in emulator.yml", () => {
    // A long run of letters and digits with many digits in it (an API key, a token), or a
    // Pulumi / GitHub token by its prefix. Flow ids and SIDs are shorter than 24.
    const candidates = /[A-Za-z0-9]{24,}|pul-[0-9a-f]{20,}|gh[pousr]_[A-Za-z0-9]{20,}/g;
    const isKeyLike = (word: string) => /^(pul-|gh[pousr]_)/.test(word) || (/[A-Za-z]/.test(word) && (word.match(/\d/g) ?? []).length >= 6);
    const found: string[] = [];
    for (const file of filesUnder(EXAMPLE)) {
      const rel = relative(EXAMPLE, file);
      for (const [word] of readFileSync(file, "utf8").matchAll(candidates)) {
        // The demo key may appear where the emulator is used: emulator.yml and README's local run.
        const allowed = word === DEMO_KEY && (rel === join(".github", "workflows", "emulator.yml") || rel === "README.md");
        if (isKeyLike(word) && !allowed) found.push(`${rel}: ${word}`);
      }
    }
    expect(found).toEqual([]);
  });

  test("the workflows that call Kaleyra read its key and token from secrets", () => {
    for (const name of ["apply.yml", "drift.yml"]) {
      expect(text(name)).toContain("KALEYRA_API_KEY: ${{ secrets.KALEYRA_API_KEY }}");
      expect(text(name)).toContain("PULUMI_ACCESS_TOKEN: ${{ secrets.PULUMI_ACCESS_TOKEN }}");
    }
  });

  test("least privilege: the pull-request preview, which calls nothing on Kaleyra, gets no API key", () => {
    expect(text("pull-request.yml")).toContain("PULUMI_ACCESS_TOKEN: ${{ secrets.PULUMI_ACCESS_TOKEN }}");
    expect(text("pull-request.yml")).not.toContain("secrets.KALEYRA_API_KEY");
    expect(text("pull-request.yml")).not.toMatch(/KALEYRA_API_KEY\s*:/);
    // The emulator run needs no secret at all.
    expect(text("emulator.yml")).not.toContain("${{ secrets.");
  });
});

describe("what each workflow does", () => {
  test("pull-request.yml: validate, then a preview commented on the pull request", () => {
    const wf = workflow("pull-request.yml");
    expect(Object.keys(wf.on)).toEqual(["pull_request"]);
    expect(wf.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    const all = steps(wf);
    expect(all.find((s) => s.uses?.startsWith("actions/setup-node")).with["node-version"]).toBe(20);
    const runs = all.map((s) => s.run).filter(Boolean);
    expect(runs).toEqual(["npm ci", "npx pulumi-kaleyra-flows validate flows.yaml"]);
    const pulumi = all.find((s) => s.uses === "pulumi/actions@v6");
    expect(pulumi.with).toEqual({
      command: "preview",
      "stack-name": "${{ vars.PULUMI_STACK }}",
      diff: true,
      "comment-on-pr": true,
      "github-token": "${{ secrets.GITHUB_TOKEN }}",
    });
    expect(all.indexOf(pulumi)).toBeGreaterThan(all.findIndex((s) => s.run?.includes("validate")));
  });

  test("apply.yml: on push to main, validate then up, never two at once", () => {
    const wf = workflow("apply.yml");
    expect(wf.on).toEqual({ push: { branches: ["main"] } });
    expect(wf.concurrency).toEqual({ group: "pulumi-${{ vars.PULUMI_STACK }}", "cancel-in-progress": false });
    const all = steps(wf);
    expect(all.some((s) => s.run === "npx pulumi-kaleyra-flows validate flows.yaml")).toBe(true);
    const up = all.find((s) => s.uses === "pulumi/actions@v6");
    expect(up.with.command).toBe("up");
    // Fast by default (state written once, more flows at once), with the reason beside it.
    expect(up.env.PULUMI_SKIP_CHECKPOINTS).toBe("true");
    expect(up.with.parallel).toBeGreaterThan(8);
    expect(text("apply.yml")).toMatch(/Why that is safe here:[\s\S]*re-reads every flow[\s\S]*When it is not safe:/);
  });

  test("drift.yml: scheduled refresh, then a preview that must show no changes, reported on failure", () => {
    const wf = workflow("drift.yml");
    expect(Object.keys(wf.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    expect(wf.on.schedule[0].cron).toMatch(/^\S+ \S+ \S+ \S+ \S+$/);
    expect(wf.concurrency.group).toBe(workflow("apply.yml").concurrency.group);
    const runs = steps(wf).map((s) => s.run ?? "");
    const refresh = runs.findIndex((r) => r.startsWith("pulumi refresh --yes"));
    const preview = runs.findIndex((r) => r.startsWith("pulumi preview --expect-no-changes"));
    expect(refresh).toBeGreaterThan(-1);
    expect(preview).toBeGreaterThan(refresh);
    const report = steps(wf).find((s) => String(s.run).includes("$GITHUB_STEP_SUMMARY"));
    expect(report.if).toContain("failure()");
  });

  test("emulator.yml: the whole life cycle against the bundled emulator, no account", () => {
    const wf = workflow("emulator.yml");
    expect(Object.keys(wf.on)).toEqual(["pull_request"]);
    const job = Object.values(wf.jobs)[0] as { env: Record<string, string> };
    expect(job.env).toMatchObject({
      KALEYRA_API_DOMAIN: "http://127.0.0.1:4010",
      KALEYRA_SID: "HXAP16DEMO0097IN",
      KALEYRA_API_KEY: DEMO_KEY,
      PULUMI_CONFIG_PASSPHRASE: expect.any(String),
    });
    const script = steps(wf).map((s) => s.run ?? "").join("\n");
    for (const command of [
      "npx kaleyra-emulator --port 4010",
      "listening on",
      'pulumi login "file://$RUNNER_TEMP/',
      "pulumi stack init ci",
      "pulumi up --yes",
      "pulumi preview --expect-no-changes",
      "pulumi destroy --yes",
    ]) {
      expect(script).toContain(command);
    }
  });
});
