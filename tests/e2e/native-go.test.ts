/**
 * The native provider from a Go program (tests/e2e/programs/native-go) using the generated Go
 * SDK (sdk/go/kaleyra, through a go.mod replace, as a user of a local SDK writes it), through
 * the real Pulumi CLI. The suite is the same for every language (tests/support/native-program-suite.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { languageEnv } from "../support/language-env";
import { nativeProgramSuite } from "../support/native-program-suite";
import { REPO_ROOT } from "../support/paths";

jest.setTimeout(300_000);

const SDK = path.join(REPO_ROOT, "sdk/go/kaleyra");
const SDK_MODULE = "github.com/pulumi-kaleyra-flows/pulumi-kaleyra/sdk/go/kaleyra";

nativeProgramSuite({
  language: "Go",
  program: path.join(__dirname, "programs/native-go"),
  prepare: (dir) => {
    const sdkRequires = fs
      .readFileSync(path.join(SDK, "go.mod"), "utf8")
      .match(/github\.com\/pulumi\/pulumi\/sdk\/v3 v[^\s]+/);
    fs.writeFileSync(
      path.join(dir, "go.mod"),
      [
        "module native-go",
        "",
        "go 1.25.11",
        "",
        "require (",
        `\t${SDK_MODULE} v0.0.0`,
        `\t${sdkRequires![0]}`,
        ")",
        "",
        `replace ${SDK_MODULE} => ${SDK}`,
        "",
      ].join("\n"),
    );
    // The SDK's checksums cover the program's dependencies: the same Pulumi Go SDK.
    fs.copyFileSync(path.join(SDK, "go.sum"), path.join(dir, "go.sum"));
  },
  env: () => languageEnv("go"),
  // Code generation is left to the YAML suite: the program declares what the import recorded.
  generatesCode: false,
  declareImported: (project) => project.setConfig({ "native-go:declareSurvey": true }),
});
