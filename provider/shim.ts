/**
 * The whole of what each FlowMetadata stores as its `__provider`: a few lines that load the
 * implementation from the installed package, by name, when the dynamic-provider process
 * needs it.
 *
 * `pulumi.dynamic.Resource` would instead serialize a provider object's closure into every
 * resource (1 KB and more, stored twice per resource), and that copy is what `refresh` and
 * `destroy` run until the next `up` rewrites it, i.e. old code after an upgrade. This text
 * never changes across versions, so upgrading shows no diff, and every operation runs the
 * package installed now. The dynamic-provider host evaluates it with `require-from-string`
 * in the program's directory and calls `handler()`: see runtime.ts for what that returns.
 *
 * DO NOT EDIT: any change to these bytes shows as a diff on every FlowMetadata of every
 * stack (tests/unit/shim.test.ts pins them).
 */
// Interpolated only to keep the source within 120 columns: the bytes are as they always were.
const NOT_INSTALLED = JSON.stringify(
  "pulumi-kaleyra-flows is not installed where this Pulumi program runs (npm install pulumi-kaleyra-flows): ",
);
export const SERIALIZED_PROVIDER = `exports.handler = function () {
  try {
    return require("pulumi-kaleyra-flows/runtime");
  } catch (e) {
    throw new Error(${NOT_INSTALLED} + e.message);
  }
};
`;

/**
 * What each Flow stores as its `__provider`: the same loader, for the Flow's runtime. Its own
 * text, since the dynamic-provider host keeps one provider per distinct text and passes
 * methods no resource type. DO NOT EDIT, as above (tests/unit/shim.test.ts pins it too).
 */
export const SERIALIZED_FLOW_PROVIDER = `exports.handler = function () {
  try {
    return require("pulumi-kaleyra-flows/flow-runtime");
  } catch (e) {
    throw new Error(${NOT_INSTALLED} + e.message);
  }
};
`;
