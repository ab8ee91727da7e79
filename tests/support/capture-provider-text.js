// Run in a folder where pulumi-kaleyra-flows is installed: prints, as JSON, the __provider a
// FlowMetadata registers (through Pulumi's mocks) and, for comparison, what
// pulumi.dynamic.Resource's serializer makes of the same runtime module.
const pulumi = require("@pulumi/pulumi");
const serializeClosure = require("@pulumi/pulumi/runtime/closure/serializeClosure");

async function main() {
  let registered;
  await pulumi.runtime.setMocks(
    { newResource: (a) => ((registered = a.inputs), { id: "x", state: a.inputs }), call: () => ({}) },
    "p",
    "s",
    true,
  );
  const kaleyra = require("pulumi-kaleyra-flows");
  const flow = new kaleyra.FlowMetadata("f", { flowId: "1234567890123451", name: "Sign up" });
  await new Promise((resolve) => flow.urn.apply(resolve));
  const runtime = require("pulumi-kaleyra-flows/runtime");
  const serialized = await serializeClosure.serializeFunction(() => runtime, { allowSecrets: true });
  process.stdout.write(JSON.stringify({ registered: registered.__provider, serialized: serialized.text }));
}
main().catch((e) => {
  process.stderr.write(String((e && e.stack) || e));
  process.exit(1);
});
