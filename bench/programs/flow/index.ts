// The F scenarios' program: one kaleyra.Flow per entry of the stack config
// `kaleyra-flows:flows`, created in the entry's WhatsApp Business Account, its Flow JSON read
// with kaleyra.flowJsonFile from the file the entry names (as a user keeps one per flow in the
// repository). The account's SID, key and API domain come from the environment, as in a
// pipeline.
import * as pulumi from "@pulumi/pulumi";
import * as kaleyra from "pulumi-kaleyra-flows";

interface FlowEntry {
  key: string;
  file: string;
  wabaId: string;
  name: string;
  categories: kaleyra.FlowCategory[];
}

const entries = new pulumi.Config("kaleyra-flows").requireObject<FlowEntry[]>("flows");

// No stack output: the baseline exports none either, so both programs do the same work per flow.
for (const { key, file, ...args } of entries) {
  new kaleyra.Flow(key, { ...args, flowJson: kaleyra.flowJsonFile(file) });
}
