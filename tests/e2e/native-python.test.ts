/**
 * The native provider from a Python program (tests/e2e/programs/native-python) using the
 * generated SDK pulumi_kaleyra (sdk/python, installed by the e2e global setup), through the
 * real Pulumi CLI. The suite is the same for every language (tests/support/native-program-suite.ts).
 */
import * as path from "node:path";
import { languageEnv } from "../support/language-env";
import { nativeProgramSuite } from "../support/native-program-suite";

jest.setTimeout(300_000);

nativeProgramSuite({
  language: "Python",
  program: path.join(__dirname, "programs/native-python"),
  env: () => languageEnv("python"),
  // This Python host cannot generate code: the program declares what the import recorded.
  generatesCode: false,
  declareImported: (project) => project.setConfig({ "native-python:declareSurvey": true }),
});
