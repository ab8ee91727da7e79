import * as path from "node:path";

/** The repository root. */
export const REPO_ROOT = path.resolve(__dirname, "../..");

/** Scratch space for test runs: ignored by git, inside the repository, never in ~/.pulumi. */
export const SCRATCH = path.join(REPO_ROOT, ".tmp");
