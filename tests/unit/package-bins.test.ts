import { execFileSync } from "node:child_process";
import { accessSync, constants, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * Every `bin` of package.json, as `npm run build` leaves it (npm test builds first): npm
 * links these files as commands, and in the checkout `npx pulumi-kaleyra-flows` runs the
 * file itself, which tsc writes without the executable bit.
 */
const ROOT = join(__dirname, "..", "..");
const { bin } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { bin: Record<string, string> };
// describe.each refuses an empty table, so a package.json without bins fails here too.
const bins = Object.entries(bin);

describe.each(bins)("bin %s (%s)", (_name, file) => {
  const path = join(ROOT, file);

  test("exists after the build, executable by everyone who can read it", () => {
    expect(() => accessSync(path, constants.X_OK)).not.toThrow();
    expect((statSync(path).mode & 0o111).toString(8)).toBe("111");
  });

  test("starts with a #!/usr/bin/env node line", () => {
    expect(readFileSync(path, "utf8").split("\n")[0]).toBe("#!/usr/bin/env node");
  });

  test("runs as a command: --help prints its usage", () => {
    expect(execFileSync(path, ["--help"], { encoding: "utf8" })).toMatch(/^Usage: /);
  });
});
