// The F scenarios' baseline: the stack config and Flow JSON files of programs/flow, but each
// flow a plain inline `pulumi.dynamic.Resource` that calls nothing. What it costs is the
// engine's and the SDK's own cost for a dynamic resource holding a Flow's inputs, which the
// package's Flow is measured against.
//
// Inputs are those a Flow stores after its check: wabaId, name, categories, the Flow JSON as
// compact text (`flowJson`; check turns the file's text into exactly this), the file's name
// (`flowJsonFile`), and the resolved sid, region and apiDomain (read here from the same
// environment variables the package reads). Like any plain no-op, create returns the inputs
// as outputs, so this resource holds the JSON twice (a Flow keeps only its sha256 in outputs).
//
// Shape (`kaleyra-flows:shape`): "flow" registers them under every property name a Flow
// registers, the ones its program leaves out and its outputs undefined (the SDK makes an
// Output of each property, whatever its value, so this is what a resource of a Flow's shape
// costs); "given" registers only the values above.
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";

interface FlowEntry {
  key: string;
  file: string;
  wabaId: string;
  name: string;
  categories: string[];
}

type Props = Record<string, unknown>;

// Provider objects are serialized with their code into each resource's `__provider`, as a
// user's inline provider would be; comments inside the functions would be stored too, so
// they are kept out here.

const provider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: Props) {
    return { id: String(inputs.name), outs: inputs };
  },
  async diff(_id: string, olds: Props, news: Props) {
    const keys = ["wabaId", "name", "categories", "flowJson", "flowJsonFile", "sid", "region", "apiDomain"];
    return { changes: keys.some((key) => JSON.stringify(olds[key]) !== JSON.stringify(news[key])) };
  },
  async update(_id: string, _olds: Props, news: Props) {
    return { outs: news };
  },
};

class NoopFlow extends pulumi.dynamic.Resource {
  constructor(name: string, props: Props) {
    // Module "kaleyra", type "Noop": a type token as long as Flow's, so URNs (stored several
    // times per resource) weigh the same in both stacks.
    super(provider, name, props, undefined, "kaleyra", "Noop");
  }
}

const config = new pulumi.Config("kaleyra-flows");
const entries = config.requireObject<FlowEntry[]>("flows");
const flowShaped = config.get("shape") !== "given";
/** What a Flow registers beside the values given: inputs its program left out, then its outputs. */
const FLOW_SHAPE: Props = {
  flowId: undefined,
  endpointUri: undefined,
  publish: undefined,
  deprecateOnDelete: undefined,
  status: undefined,
  validationErrors: undefined,
  jsonVersion: undefined,
  flowJsonSha256: undefined,
  created: undefined,
};
const account = {
  sid: process.env.KALEYRA_SID,
  region: process.env.KALEYRA_REGION ?? "IN",
  apiDomain: process.env.KALEYRA_API_DOMAIN,
};

for (const { key, file, ...flow } of entries) {
  const flowJson = JSON.stringify(JSON.parse(fs.readFileSync(file, "utf8")));
  new NoopFlow(key, { ...(flowShaped ? FLOW_SHAPE : {}), ...flow, flowJson, flowJsonFile: file, ...account });
}
