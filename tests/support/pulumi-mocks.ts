import * as pulumi from "@pulumi/pulumi";

/**
 * Switches Pulumi to its mock runtime (a dry run, as `pulumi preview` would) and returns the
 * list that receives every resource the program registers, in order.
 */
export async function recordRegistrations(): Promise<pulumi.runtime.MockResourceArgs[]> {
  const registered: pulumi.runtime.MockResourceArgs[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push(args);
        return { id: String(args.inputs.flowId), state: args.inputs };
      },
      call: () => ({}),
    },
    "project",
    "stack",
    true,
  );
  return registered;
}
