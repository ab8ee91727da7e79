import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { readTemplate } from "../../bench/gitops-template";
import { DEMO_SEED } from "../../emulator";
import { ACTIONLINT_SCRIPT, actionlintBin } from "../support/actionlint";
import { REPO_ROOT } from "../support/paths";

/**
 * The example repository's GitHub Actions workflows, read as GitHub reads them: they pass
 * actionlint; each runs what it is for, on its triggers, with least privilege; and a secret
 * reaches only the steps that call Pulumi or Kaleyra, only as `${{ secrets.* }}`.
 */
const EXAMPLE = join(REPO_ROOT, "examples", "gitops");
const WORKFLOWS = join(EXAMPLE, ".github", "workflows");
const [DEMO] = DEMO_SEED.accounts;

const workflowFiles = readdirSync(WORKFLOWS)
  .filter((f) => f.endsWith(".yml"))
  .sort();

interface Step {
  readonly id?: string;
  readonly name?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, unknown>;
}
interface Job {
  readonly permissions?: unknown;
  readonly environment?: unknown;
  readonly env?: Record<string, unknown>;
  readonly steps: Step[];
}
interface Workflow {
  readonly on: Record<string, any>;
  readonly permissions?: unknown;
  readonly concurrency?: unknown;
  readonly env?: Record<string, unknown>;
  readonly jobs: Record<string, Job>;
}

const workflow = (name: string): Workflow => parseYaml(readFileSync(join(WORKFLOWS, name), "utf8"));

/** A step as it runs: what it does, and the environment it sees (workflow, job and step env merged). */
interface RunningStep extends Step {
  readonly job: string;
  /** `run:` script, `pulumi <command>` for pulumi/actions with a command, else `uses <action>`. */
  readonly does: string;
  readonly sees: Record<string, unknown>;
  /** Names of the secrets the step is given, in its env, inputs or script. */
  readonly secrets: string[];
}

function stepsOf(wf: Workflow): RunningStep[] {
  return Object.entries(wf.jobs).flatMap(([job, j]) =>
    j.steps.map((step) => {
      const sees = { ...wf.env, ...j.env, ...step.env };
      const command = step.uses?.startsWith("pulumi/actions@") ? step.with?.command : undefined;
      const does = step.run?.trim() ?? (command ? `pulumi ${String(command)}` : `uses ${step.uses}`);
      return { ...step, job, does, sees, secrets: secretsIn({ sees, with: step.with, run: step.run }) };
    }),
  );
}

function secretsIn(value: unknown): string[] {
  return [...new Set([...JSON.stringify(value ?? null).matchAll(/secrets\.([A-Za-z0-9_]+)/g)].map((m) => m[1]))].sort();
}

/** Each step's first line of what it does, and the secrets it gets: `[does, secrets]`. */
const secretsByStep = (wf: Workflow) => stepsOf(wf).map((s) => [firstLine(s), s.secrets]);
const firstLine = (step: RunningStep) => step.does.split("\n")[0];

/** Every key and string value anywhere in a parsed document. */
function words(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(words);
  if (value && typeof value === "object") return Object.entries(value).flatMap(([key, item]) => [key, ...words(item)]);
  return [];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "node_modules") return [];
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test("the four workflows are there", () => {
  expect(workflowFiles).toEqual(["apply.yml", "drift.yml", "emulator.yml", "pull-request.yml"]);
});

describe("actionlint", () => {
  /** scripts/actionlint.sh with the binary the global setup provided: nothing is built here. */
  const lint = (args: string[]) =>
    spawnSync("bash", [ACTIONLINT_SCRIPT, ...args], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      env: { ...process.env, ACTIONLINT: actionlintBin() },
    });

  test("scripts/actionlint.sh checks every workflow file and finds nothing wrong", () => {
    const result = lint(["-verbose"]);
    expect({ code: result.status, problems: result.stdout }).toEqual({ code: 0, problems: "" });
    // -verbose prints, per file linted, "Found total <n> errors in <t> ms for <file>" (the
    // file relative to the working directory).
    const found = [...result.stderr.matchAll(/Found total (\d+) errors in \d+ ms for (\S+)$/gm)];
    const linted = Object.fromEntries(found.map((m) => [resolve(REPO_ROOT, m[2]), Number(m[1])]));
    expect(linted).toEqual(Object.fromEntries(workflowFiles.map((f) => [join(WORKFLOWS, f), 0])));
  });

  test("and reports a defect in a copy of a workflow, so a pass means it really looked", () => {
    const dir = mkdtempSync(join(tmpdir(), "actionlint-"));
    try {
      const broken = join(dir, "pull-request.yml");
      const source = readFileSync(join(WORKFLOWS, "pull-request.yml"), "utf8");
      expect(source).toContain("pull-requests: write");
      writeFileSync(broken, source.replace("pull-requests: write", "pull-requests: writ"));
      const line = source.split("\n").findIndex((l) => l.includes("pull-requests: write")) + 1;
      const result = lint([broken]);
      expect(result.status).toBe(1);
      // actionlint names the file relative to the working directory where that is shorter.
      const [file, shownLine] = result.stdout.split(":");
      expect(resolve(REPO_ROOT, file)).toBe(broken);
      expect(Number(shownLine)).toBe(line);
      expect(result.stdout).toContain('"writ" is invalid as permission of scope "pull-requests"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("least privilege", () => {
  test.each(workflowFiles)(
    "%s: read-only by default; only the pull-request preview may write, and only its comment",
    (name) => {
      const wf = workflow(name);
      const expected =
        name === "pull-request.yml" ? { contents: "read", "pull-requests": "write" } : { contents: "read" };
      expect(wf.permissions).toEqual(expected);
      for (const job of Object.values(wf.jobs)) expect(job.permissions).toBeUndefined();
    },
  );

  test.each(workflowFiles)(
    "%s: credentials only as ${{ secrets.* }} (the emulator's public demo key aside)",
    (name) => {
      const wf = workflow(name);
      const settings = [
        wf.env,
        ...Object.values(wf.jobs).flatMap((job) => [job.env, ...job.steps.flatMap((s) => [s.env, s.with])]),
      ];
      for (const [key, value] of settings.flatMap((s) => Object.entries(s ?? {}))) {
        if (!/key|token|secret|password/i.test(key)) continue;
        if (name === "emulator.yml" && key === "KALEYRA_API_KEY" && value === DEMO.apiKey) continue;
        expect({ name, key, value }).toEqual({
          name,
          key,
          value: expect.stringMatching(/^\$\{\{ secrets\.[A-Z_]+ \}\}$/),
        });
      }
    },
  );

  test("no workflow a pull request triggers gets the Kaleyra key, and none runs on pull_request_target", () => {
    for (const name of workflowFiles) {
      const wf = workflow(name);
      expect(Object.keys(wf.on)).not.toContain("pull_request_target");
      if (!("pull_request" in wf.on)) continue;
      expect(stepsOf(wf).flatMap((s) => s.secrets)).not.toContain("KALEYRA_API_KEY");
    }
    // Not even a name: the preview runs with no KALEYRA_API_KEY at any level.
    expect(words(workflow("pull-request.yml")).filter((w) => w.includes("KALEYRA_API_KEY"))).toEqual([]);
  });

  test("no key-looking literal anywhere in the example, but the public demo key in emulator.yml", () => {
    // A long run of letters and digits with many digits in it (an API key, a token), or a
    // Pulumi / GitHub token by its prefix. Flow ids and SIDs are shorter than 24.
    const candidates = /[A-Za-z0-9]{24,}|pul-[0-9a-f]{20,}|gh[pousr]_[A-Za-z0-9]{20,}/g;
    const isKeyLike = (word: string) =>
      /^(pul-|gh[pousr]_)/.test(word) || (/[A-Za-z]/.test(word) && (word.match(/\d/g) ?? []).length >= 6);
    const found: string[] = [];
    for (const file of filesUnder(EXAMPLE)) {
      const rel = relative(EXAMPLE, file);
      for (const [word] of readFileSync(file, "utf8").matchAll(candidates)) {
        // The demo key may appear where the emulator is used: emulator.yml and README's local run.
        const allowed =
          word === DEMO.apiKey && (rel === join(".github", "workflows", "emulator.yml") || rel === "README.md");
        if (isKeyLike(word) && !allowed) found.push(`${rel}: ${word}`);
      }
    }
    expect(found).toEqual([]);
  });
});

describe("what each workflow runs", () => {
  const VALIDATE = "npx pulumi-kaleyra-flows validate flows.yaml";
  const SETUP = ["uses actions/checkout@v4", "uses actions/setup-node@v4", "npm ci"];

  test.each(workflowFiles)("%s: Node 20, dependencies from the lock file", (name) => {
    const steps = stepsOf(workflow(name));
    expect(steps.slice(0, 3).map((s) => s.does)).toEqual(SETUP);
    expect(steps[1].with).toMatchObject({ "node-version": 20, cache: "npm" });
  });

  test("pull-request.yml: on a pull request to main, validate then a preview commented on it; the newest push wins", () => {
    const wf = workflow("pull-request.yml");
    expect(wf.on).toEqual({ pull_request: { branches: ["main"] } });
    expect(wf.concurrency).toEqual({
      group: "preview-${{ github.event.pull_request.number }}",
      "cancel-in-progress": true,
    });
    const steps = stepsOf(wf);
    expect(steps.map((s) => s.does)).toEqual([...SETUP, VALIDATE, "pulumi preview"]);
    expect(steps[4].with).toEqual({
      command: "preview",
      "stack-name": "${{ vars.PULUMI_STACK }}",
      diff: true,
      "comment-on-pr": true,
      "github-token": "${{ secrets.GITHUB_TOKEN }}",
    });
    // Only the preview gets secrets: the token to read the stack, and the one to comment.
    expect(secretsByStep(wf)).toEqual([
      ...SETUP.map((s) => [s, []]),
      [VALIDATE, []],
      ["pulumi preview", ["GITHUB_TOKEN", "PULUMI_ACCESS_TOKEN"]],
    ]);
  });

  test("apply.yml: on push to main, validate then up, one run per stack at a time, never cancelled", () => {
    const wf = workflow("apply.yml");
    expect(wf.on).toEqual({ push: { branches: ["main"] } });
    expect(wf.concurrency).toEqual({ group: "pulumi-${{ vars.PULUMI_STACK }}", "cancel-in-progress": false });
    expect(Object.values(wf.jobs).map((job) => job.environment)).toEqual(["production"]);
    const steps = stepsOf(wf);
    expect(steps.map((s) => s.does)).toEqual([...SETUP, VALIDATE, "pulumi up"]);
    expect(steps[4].with).toMatchObject({ "stack-name": "${{ vars.PULUMI_STACK }}", parallel: 32 });
    expect(steps[4].sees).toMatchObject({ PULUMI_SKIP_CHECKPOINTS: "true" });
    // Only the up step gets the Kaleyra key and the Pulumi token.
    expect(secretsByStep(wf)).toEqual([
      ...SETUP.map((s) => [s, []]),
      [VALIDATE, []],
      ["pulumi up", ["KALEYRA_API_KEY", "PULUMI_ACCESS_TOKEN"]],
    ]);
  });

  test("apply.yml: the bench's P5 reads the same settings of the up step", () => {
    expect(readTemplate()).toEqual({ parallel: 32, skipCheckpoints: true, concurrency: undefined });
  });

  test("drift.yml: on a schedule and on demand, refresh then a preview that must show no changes, reported on failure", () => {
    const wf = workflow("drift.yml");
    expect(Object.keys(wf.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    expect(wf.on.schedule).toEqual([{ cron: expect.stringMatching(/^\S+ \S+ \S+ \S+ \S+$/) }]);
    // Shares apply.yml's group: a refresh never runs while the stack is being updated.
    expect(wf.concurrency).toEqual(workflow("apply.yml").concurrency);
    const steps = stepsOf(wf);
    const refresh = 'pulumi refresh --yes --skip-preview --stack "$STACK"';
    const compare = 'pulumi preview --expect-no-changes --diff --stack "$STACK"';
    expect(steps.map(firstLine)).toEqual([...SETUP, "uses pulumi/actions@v6", refresh, compare, expect.any(String)]);
    for (const step of steps) expect(step.sees.STACK).toBe("${{ vars.PULUMI_STACK }}");
    // The report runs only when the comparison failed, and says so where a reader looks.
    const [, , , , , comparing, report] = steps;
    expect(report.if).toBe(`failure() && steps.${comparing.id}.outcome == 'failure'`);
    expect(report.run).toContain('>> "$GITHUB_STEP_SUMMARY"');
    expect(report.run).toMatch(/^echo "::error /m);
    // Only the two steps that call Kaleyra get its key and the Pulumi token.
    const both = ["KALEYRA_API_KEY", "PULUMI_ACCESS_TOKEN"];
    expect(secretsByStep(wf)).toEqual([
      ...SETUP.map((s) => [s, []]),
      ["uses pulumi/actions@v6", []],
      [refresh, both],
      [compare, both],
      [expect.any(String), []],
    ]);
  });

  test("emulator.yml: the whole life cycle against the bundled emulator's demo account, no account and no secret", () => {
    const wf = workflow("emulator.yml");
    expect(wf.on).toEqual({ pull_request: { branches: ["main"] } });
    expect(wf.concurrency).toBeUndefined();
    expect(words(wf).filter((w) => w.includes("secrets."))).toEqual([]);
    const steps = stepsOf(wf);
    const port = new URL(String(steps[0].sees.KALEYRA_API_DOMAIN)).port;
    expect(steps[0].sees).toMatchObject({
      KALEYRA_API_DOMAIN: `http://127.0.0.1:${port}`,
      KALEYRA_SID: DEMO.sid,
      KALEYRA_API_KEY: DEMO.apiKey,
      PULUMI_CONFIG_PASSPHRASE: expect.any(String),
    });
    expect(steps.map(firstLine)).toEqual([
      ...SETUP,
      VALIDATE,
      "uses pulumi/actions@v6",
      `npx kaleyra-emulator --port ${port} > "$RUNNER_TEMP/emulator.log" 2>&1 &`,
      'mkdir -p "$RUNNER_TEMP/pulumi-state"',
      "pulumi stack init ci",
      "pulumi up --yes --stack ci",
      "pulumi preview --expect-no-changes --diff --stack ci",
      "pulumi destroy --yes --stack ci",
      'cat "$RUNNER_TEMP/emulator.log"',
    ]);
    const [, , , , , start, login, init, , , destroy, log] = steps;
    // Waits for the emulator's ready line before anything talks to it.
    expect(start.run).toMatch(/grep -q "listening on" "\$RUNNER_TEMP\/emulator.log"[\s\S]*exit 0[\s\S]*exit 1/);
    // State in a throwaway folder of the runner, not Pulumi Cloud.
    expect(login.run).toContain('pulumi login "file://$RUNNER_TEMP/pulumi-state"');
    // The stack is destroyed whenever it was created, the log shown when anything failed.
    expect(destroy.if).toBe(`always() && steps.${init.id}.outcome == 'success'`);
    expect(log.if).toBe("failure()");
  });
});
