/**
 * The native provider from a YAML program (tests/e2e/programs/native-yaml), through the real
 * Pulumi CLI: the plugin found through Pulumi.yaml's `plugins:` entry in the installed
 * package. The suite is the same for every language (tests/support/native-program-suite.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { nativeProgramSuite, SURVEY } from "../support/native-program-suite";

jest.setTimeout(300_000);

nativeProgramSuite({
  language: "YAML",
  program: path.join(__dirname, "programs/native-yaml"),
  generatesCode: true,
  // The code `pulumi import` wrote, added to Pulumi.yaml as it is.
  declareImported: (project, generated) => {
    const code = YAML.parse(fs.readFileSync(generated!, "utf8"));
    expect(code.resources.survey.properties).toMatchObject({ flowId: SURVEY });
    const file = path.join(project.dir, "Pulumi.yaml");
    const program = YAML.parse(fs.readFileSync(file, "utf8"));
    program.resources.survey = code.resources.survey;
    fs.writeFileSync(file, YAML.stringify(program));
  },
});
