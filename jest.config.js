/**
 * Three suites, each its own jest project:
 *   unit      provider logic with no network (validation, diff, settings, redaction); builds or
 *             reuses actionlint for the workflow checks
 *   emulator  the Kaleyra client and the emulator over real HTTP on loopback
 *   e2e       the real Pulumi CLI against the emulator (slow; builds or reuses the CLI)
 */
const tsJest = { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: { warnOnly: false } }] };
const common = {
  testEnvironment: "node",
  transform: tsJest,
  moduleFileExtensions: ["ts", "js", "json"],
  // Scratch runs and the generated SDKs hold package.json files of their own: not modules of the tests.
  modulePathIgnorePatterns: ["<rootDir>/.tmp/", "<rootDir>/sdk/", "<rootDir>/bench/.work/"],
};

module.exports = {
  projects: [
    {
      ...common,
      displayName: "unit",
      testMatch: ["<rootDir>/tests/unit/**/*.test.ts"],
      // The first run on a machine builds actionlint (network, a minute or so) in globalSetup,
      // outside any test's timeout.
      globalSetup: "<rootDir>/tests/unit/global-setup.ts",
    },
    { ...common, displayName: "emulator", testMatch: ["<rootDir>/tests/emulator/**/*.test.ts"] },
    {
      ...common,
      displayName: "e2e",
      testMatch: ["<rootDir>/tests/e2e/**/*.test.ts"],
      // The first run on a machine builds the Pulumi CLI (about 8 minutes) in globalSetup.
      globalSetup: "<rootDir>/tests/e2e/global-setup.ts",
      slowTestThreshold: 120,
    },
  ],
};
