#!/usr/bin/env node
// Makes `require("pulumi-kaleyra-flows")` work from the repository root, as it does in a
// user's project: the root Pulumi program (index.ts) and the dynamic-provider process
// (which loads "pulumi-kaleyra-flows/runtime" by name, see provider/shim.ts) both resolve
// the package through node_modules. Run by `npm install` / `npm ci` (prepare).
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const link = path.join(root, "node_modules", "pulumi-kaleyra-flows");
try {
  const stat = fs.lstatSync(link);
  if (stat.isSymbolicLink() && path.resolve(path.dirname(link), fs.readlinkSync(link)) === root) process.exit(0);
  fs.rmSync(link, { recursive: true, force: true });
} catch {
  // Not there yet.
}
fs.mkdirSync(path.dirname(link), { recursive: true });
fs.symlinkSync("..", link, "dir");
