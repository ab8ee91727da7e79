// Flows as code: one kaleyra.Flow per entry of the stack config `whole-flows:flows` whose
// JSON is in a file (`file`), or one FlowMetadata (`kind: metadata`). `moved: true` gives the
// Flow the alias that keeps a flow a FlowMetadata managed until now.
import * as pulumi from "@pulumi/pulumi";
import * as kaleyra from "pulumi-kaleyra-flows";

interface Entry {
  key: string;
  kind?: "flow" | "metadata";
  file?: string;
  moved?: boolean;
  [field: string]: unknown;
}

const entries = new pulumi.Config().requireObject<Entry[]>("flows");
export const statuses: Record<string, pulumi.Output<string | undefined>> = {};
for (const { key, kind, file, moved, ...args } of entries) {
  if (kind === "metadata") {
    statuses[key] = new kaleyra.FlowMetadata(key, args as unknown as kaleyra.FlowMetadataArgs).status;
    continue;
  }
  const flowArgs = { ...args, flowJson: kaleyra.flowJsonFile(file!) } as unknown as kaleyra.FlowArgs;
  const opts = moved ? { aliases: [{ type: kaleyra.FLOW_METADATA_TYPE }] } : undefined;
  statuses[key] = new kaleyra.Flow(key, flowArgs, opts).status;
}
