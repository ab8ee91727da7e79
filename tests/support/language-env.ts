import * as path from "node:path";

/**
 * What each language host built here needs in the environment of a Pulumi program, beside
 * the project's own (tests/support/pulumi-project.ts):
 * - Python: the pinned venv's python first on PATH (the host ignores
 *   runtime.options.virtualenv) and the generated SDK, installed by the e2e setup, on PYTHONPATH.
 * - Go: go.mod and go.sum completed on the first build, as `go mod tidy` would.
 */
export function languageEnv(language: "yaml" | "python" | "go"): NodeJS.ProcessEnv {
  switch (language) {
    case "python":
      return {
        PATH: [
          path.join(process.env.KALEYRA_E2E_PYTHON_VENV!, "bin"),
          process.env.KALEYRA_E2E_PULUMI_BIN!,
          process.env.PATH,
        ].join(path.delimiter),
        PYTHONPATH: process.env.KALEYRA_E2E_PYTHON_SDK!,
      };
    case "go":
      return { GOFLAGS: "-mod=mod" };
    default:
      return {};
  }
}
