/**
 * The settings of `pulumi up` in the GitOps example's apply workflow
 * (examples/gitops/.github/workflows/apply.yml), read from the file itself, so P5 measures
 * what the template does today and follows it when it changes.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { REPO_ROOT } from "../tests/support/paths";

/** The workflow file P5 follows. */
export const APPLY_WORKFLOW = path.join(REPO_ROOT, "examples", "gitops", ".github", "workflows", "apply.yml");

/** How the template runs `pulumi up`. */
export interface TemplateSettings {
  /** `--parallel` (the action's `parallel` input); undefined: the engine's default. */
  readonly parallel?: number;
  /** PULUMI_SKIP_CHECKPOINTS is "true". */
  readonly skipCheckpoints: boolean;
  /** KALEYRA_CONCURRENCY when the step sets it; undefined: the package's default. */
  readonly concurrency?: number;
}

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}

/**
 * Reads the template's `pulumi up` step (the `pulumi/actions` step with `command: up`).
 * @throws when there is none, or it sets something this bench cannot reproduce.
 */
export function readTemplate(file = APPLY_WORKFLOW): TemplateSettings {
  const workflow = parse(fs.readFileSync(file, "utf8")) as {
    jobs?: Record<string, { steps?: Step[]; env?: Record<string, unknown> }>;
    env?: Record<string, unknown>;
  };
  for (const job of Object.values(workflow.jobs ?? {})) {
    const step = (job.steps ?? []).find((s) => /^pulumi\/actions@/.test(s.uses ?? "") && s.with?.command === "up");
    if (!step) continue;
    const env = { ...workflow.env, ...job.env, ...step.env };
    const number = (value: unknown, what: string): number | undefined => {
      if (value === undefined) return undefined;
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1)
        throw new Error(`${file}: ${what} is ${JSON.stringify(value)}, not a whole number the bench can reproduce`);
      return n;
    };
    return {
      parallel: number(step.with?.parallel, "the up step's `parallel`"),
      skipCheckpoints: String(env.PULUMI_SKIP_CHECKPOINTS ?? "").toLowerCase() === "true",
      concurrency: number(env.KALEYRA_CONCURRENCY, "KALEYRA_CONCURRENCY"),
    };
  }
  throw new Error(`${file}: no pulumi/actions step with command: up`);
}
