import { FlowMetadata, FLOW_METADATA_TYPE } from "../../provider";
import { SERIALIZED_PROVIDER } from "../../provider/shim";
import { recordRegistrations } from "../support/pulumi-mocks";

/**
 * The exact bytes every FlowMetadata stores as `__provider`. If this test fails, a change
 * would show as a diff on every resource of every user's stack: do not update it lightly.
 */
const PINNED = `exports.handler = function () {
  try {
    return require("pulumi-kaleyra-flows/runtime");
  } catch (e) {
    throw new Error("pulumi-kaleyra-flows is not installed where this Pulumi program runs (npm install pulumi-kaleyra-flows): " + e.message);
  }
};
`;

describe("the serialized provider", () => {
  test("is pinned byte for byte and well under 2 KB", () => {
    expect(SERIALIZED_PROVIDER).toBe(PINNED);
    expect(Buffer.byteLength(SERIALIZED_PROVIDER)).toBeLessThan(2048);
  });

  test("FlowMetadata registers it, with the type token and only the inputs given", async () => {
    const registered = await recordRegistrations();
    const flow = new FlowMetadata("sign-up", { flowId: "1234567890123451", name: "Sign up" });
    await new Promise<void>((resolve) => flow.urn.apply(() => resolve()));
    expect(registered).toHaveLength(1);
    expect(registered[0].type).toBe(FLOW_METADATA_TYPE);
    expect(FLOW_METADATA_TYPE).toBe("pulumi-nodejs:dynamic/kaleyra:FlowMetadata");
    expect(registered[0].inputs).toEqual({ flowId: "1234567890123451", name: "Sign up", __provider: PINNED });
  });
});
