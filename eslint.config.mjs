// ESLint for the package, the emulator, the tests and the bench: typescript-eslint's
// recommended rules; formatting is Prettier's job (npm run format:check).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", ".tmp/**", "bench/.work/**", "examples/**/node_modules/**", "sdk/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        require: "readonly",
        module: "writable",
        process: "readonly",
        __dirname: "readonly",
        console: "readonly",
      },
    },
    rules: {
      // `_name` marks a parameter or binding kept for its position or to drop it from a spread.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      // Loading optional modules lazily (the CLI, the engine's stubs) is deliberate.
      "@typescript-eslint/no-require-imports": "off",
    },
  },
  {
    // Tests read JSON from the CLI and state files, and write unsafe numbers and control
    // characters on purpose, to prove they are refused.
    files: ["tests/**", "bench/**"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "no-loss-of-precision": "off",
      "no-control-regex": "off",
    },
  },
  {
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
  },
);
