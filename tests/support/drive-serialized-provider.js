// Run in a fresh Node process, in a folder where pulumi-kaleyra-flows is installed from its
// tarball: loads a serialized provider text exactly as the dynamic-provider host does
// (require-from-string, then handler(), then configure), and drives check + update.
// argv: <file with the provider text> ; env: EMULATOR_URL, SID, API_KEY.
const fs = require("node:fs");
const requireFromString = require("require-from-string");

async function main() {
  const text = fs.readFileSync(process.argv[2], "utf8");
  const provider = requireFromString(text).handler();
  const config = {
    "kaleyra:sid": process.env.SID,
    "kaleyra:apiKey": process.env.API_KEY,
    "kaleyra:apiDomain": process.env.EMULATOR_URL,
  };
  await provider.configure({ config: { get: (k) => config[k], require: (k) => config[k] } });
  const olds = {
    flowId: "1234567890123451",
    name: "Sign up",
    sid: process.env.SID,
    region: "IN",
    apiDomain: process.env.EMULATOR_URL,
  };
  const checked = await provider.check(olds, { flowId: "1234567890123451", name: "Renamed by a serialized provider" });
  if (checked.failures.length) throw new Error(JSON.stringify(checked.failures));
  const changes = await provider.diff("1234567890123451", olds, checked.inputs);
  const result = await provider.update("1234567890123451", olds, checked.inputs);
  process.stdout.write(JSON.stringify({ changes, outs: result.outs, methods: Object.keys(provider).sort() }));
}
main().catch((e) => {
  process.stderr.write(String((e && e.stack) || e));
  process.exit(1);
});
