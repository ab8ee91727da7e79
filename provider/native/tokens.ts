/** The schema's type token of FlowMetadata. */
export const NATIVE_FLOW_METADATA_TYPE = "kaleyra:index:FlowMetadata";

/** The schema's type token of Flow. */
export const NATIVE_FLOW_TYPE = "kaleyra:index:Flow";

/** The package name of the schema, the plugin (`pulumi-resource-kaleyra`) and the config namespace. */
export const NATIVE_PACKAGE = "kaleyra";
