/**
 * The native provider from a TypeScript program (tests/e2e/programs/native-nodejs) using the
 * generated Node.js SDK (sdk/nodejs, built and installed beside the package by the e2e setup),
 * through the real Pulumi CLI. The suite is the same for every language
 * (tests/support/native-program-suite.ts).
 */
import * as path from "node:path";
import { nativeProgramSuite } from "../support/native-program-suite";

jest.setTimeout(300_000);

nativeProgramSuite({
  language: "TypeScript",
  program: path.join(__dirname, "programs/native-nodejs"),
  nodeModules: () => process.env.KALEYRA_E2E_NATIVE_NODE_MODULES!,
  // The Node.js host built here (v3.68.0) has no code generation for `pulumi import`.
  generatesCode: false,
  declareImported: (project) => project.setConfig({ "native-nodejs:declareSurvey": true }),
});
