// The benchmark's baseline program: the root program's stack config (`kaleyra-flows:flows`;
// the project has the same name), but each flow is a plain inline `pulumi.dynamic.Resource`
// that calls nothing. What it costs is the engine's and the SDK's own cost for a dynamic
// resource, which the package's FlowMetadata is measured against.
//
// Inputs are those FlowMetadata stores after its check: flowId, name, categories,
// endpointUri, and the resolved sid, region and apiDomain (read here from the same
// environment variables the package reads), so both stacks hold the same values.
//
// BENCH_NOOP_UPDATE_MS set when the program runs selects the sleeping variant (P3): update
// waits that long BENCH_NOOP_UPDATE_CALLS times in a row (default 1; read per call, in the
// provider process), each wait holding one of KALEYRA_CONCURRENCY slots shared across the
// provider process: the package's update reads then writes, two requests, each queued for
// a slot of the package's limit.
import * as pulumi from "@pulumi/pulumi";

interface FlowEntry {
  key?: string;
  flowId: string;
  name?: string;
  categories?: string[];
  endpointUri?: string;
}

type Props = Record<string, unknown>;

// Provider objects are serialized with their code into each resource's `__provider`, as a
// user's inline provider would be; comments inside the functions would be stored too, so
// they are kept out here.

async function create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
  return { id: String(inputs.flowId), outs: inputs };
}

async function diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
  const keys = ["flowId", "name", "categories", "endpointUri", "sid", "region", "apiDomain"];
  return { changes: keys.some((key) => JSON.stringify(olds[key]) !== JSON.stringify(news[key])) };
}

/** The plain no-op: create returns the inputs, diff compares them, update returns news. */
const plain: pulumi.dynamic.ResourceProvider = {
  create,
  diff,
  async update(_id: string, _olds: Props, news: Props) {
    return { outs: news };
  },
};

// The limiter lives on globalThis: the provider process is shared by every resource of a
// run, so all updates queue for the same slots, as the package's requests do.
/** The sleeping no-op: update stands in for one API call of BENCH_NOOP_UPDATE_MS. */
const sleeping: pulumi.dynamic.ResourceProvider = {
  create,
  diff,
  async update(_id: string, _olds: Props, news: Props) {
    const slots = ((globalThis as any).__benchSlots ??= {
      free: Number(process.env.KALEYRA_CONCURRENCY ?? 16),
      waiting: [] as Array<() => void>,
    });
    for (let call = 0; call < Number(process.env.BENCH_NOOP_UPDATE_CALLS ?? 1); call++) {
      if (slots.free > 0) slots.free--;
      else await new Promise<void>((resolve) => slots.waiting.push(resolve));
      await new Promise((resolve) => setTimeout(resolve, Number(process.env.BENCH_NOOP_UPDATE_MS)));
      const next = slots.waiting.shift();
      if (next) next();
      else slots.free++;
    }
    return { outs: news };
  },
};

const provider = process.env.BENCH_NOOP_UPDATE_MS ? sleeping : plain;

class NoopMetadata extends pulumi.dynamic.Resource {
  // Declared like FlowMetadata's outputs; the engine fills them from the provider's outs.
  declare readonly flowId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string | undefined>;
  declare readonly categories: pulumi.Output<string[] | undefined>;
  declare readonly endpointUri: pulumi.Output<string | undefined>;
  declare readonly status: pulumi.Output<string | undefined>;

  constructor(name: string, props: Props) {
    // Module "kaleyra", type "NoopMetadata": a type token as long as FlowMetadata's, so
    // URNs (stored several times per resource) weigh the same in both stacks.
    super(provider, name, props, undefined, "kaleyra", "NoopMetadata");
  }
}

const config = new pulumi.Config("kaleyra-flows");
const entries = config.requireObject<FlowEntry[]>("flows");
const account = {
  sid: process.env.KALEYRA_SID,
  region: process.env.KALEYRA_REGION ?? "IN",
  apiDomain: process.env.KALEYRA_API_DOMAIN,
};

const flows = entries.map(
  ({ key, ...flow }) => new NoopMetadata(key ?? `flow-${flow.flowId}`, { ...flow, ...account, status: undefined }),
);

// The same stack output as the root program, so both programs do the same work per flow.
export const applied = pulumi
  .all(flows.map((f) => pulumi.all([f.urn, f.flowId, f.name, f.categories, f.endpointUri, f.status])))
  .apply((rows) =>
    Object.fromEntries(
      rows.map(([urn, flowId, name, categories, endpointUri, status]) => [
        urn.split("::").pop(),
        { flowId, name, categories, endpointUri, status },
      ]),
    ),
  );
