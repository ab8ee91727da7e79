/**
 * Writing the flows file: all or nothing, never over an existing file unless asked, no
 * temporary file left behind whatever happens.
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OutputError, writeFileAtomically } from "../../provider/discover/output";
import { KaleyraError } from "../../provider/errors";

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), "kaleyra-discover-output-"));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

test("writes a new file; nothing else is left in the folder", () => {
  const path = join(work, "flows.yaml");
  writeFileAtomically(path, "version: 1\n", { replace: false, shown: "flows.yaml" });
  expect(readFileSync(path, "utf8")).toBe("version: 1\n");
  expect(readdirSync(work)).toEqual(["flows.yaml"]);
});

test("an existing file is never replaced without replace: OutputError 'exists', the file untouched", () => {
  const path = join(work, "flows.yaml");
  writeFileSync(path, "# edited by hand\n");
  let error: unknown;
  try {
    writeFileAtomically(path, "version: 1\n", { replace: false, shown: "flows.yaml" });
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(OutputError);
  expect(error).toBeInstanceOf(KaleyraError);
  expect((error as OutputError).kind).toBe("exists");
  expect((error as OutputError).message).toBe(
    "flows.yaml appeared while discover was running; it was left as it is. Pass --force to replace it, or choose another --out.",
  );
  expect(readFileSync(path, "utf8")).toBe("# edited by hand\n");
  expect(readdirSync(work)).toEqual(["flows.yaml"]);
});

test("replace: the file is replaced whole, keeping its permission bits", () => {
  const path = join(work, "flows.yaml");
  writeFileSync(path, "old\n");
  chmodSync(path, 0o640);
  writeFileAtomically(path, "new\n", { replace: true, shown: "flows.yaml" });
  expect(readFileSync(path, "utf8")).toBe("new\n");
  expect(statSync(path).mode & 0o777).toBe(0o640);
  expect(readdirSync(work)).toEqual(["flows.yaml"]);
});

test("a folder that cannot be written: OutputError 'io', nothing left behind", () => {
  if (process.getuid?.() === 0) {
    // root writes anywhere; use a path whose folder is a file instead.
    const blocker = join(work, "file");
    writeFileSync(blocker, "");
    expect(() =>
      writeFileAtomically(join(blocker, "flows.yaml"), "x", { replace: false, shown: "file/flows.yaml" }),
    ).toThrow(OutputError);
    expect(readdirSync(work)).toEqual(["file"]);
    return;
  }
  const locked = join(work, "locked");
  mkdirSync(locked);
  chmodSync(locked, 0o500);
  try {
    expect(() =>
      writeFileAtomically(join(locked, "flows.yaml"), "x", { replace: false, shown: "locked/flows.yaml" }),
    ).toThrow("locked/flows.yaml: cannot create a temporary file beside it (permission denied).");
    expect(existsSync(join(locked, "flows.yaml"))).toBe(false);
  } finally {
    chmodSync(locked, 0o700);
  }
});

test("replacing a folder fails cleanly and leaves no temporary file", () => {
  const dir = join(work, "flows.yaml");
  mkdirSync(dir);
  writeFileSync(join(dir, "keep"), "");
  expect(() => writeFileAtomically(dir, "x", { replace: true, shown: "flows.yaml" })).toThrow(
    /flows\.yaml: cannot replace it/,
  );
  expect(readdirSync(work)).toEqual(["flows.yaml"]);
  expect(readdirSync(dir)).toEqual(["keep"]);
});
