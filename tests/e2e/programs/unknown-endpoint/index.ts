import * as pulumi from "@pulumi/pulumi";
import * as kaleyra from "pulumi-kaleyra-flows";

// Stands in for whatever serves the flow's endpoint (a function URL, a load balancer):
// its `url` output is not known until it is created.
class Endpoint extends pulumi.dynamic.Resource {
  declare readonly url: pulumi.Output<string>;
  constructor(name: string) {
    const provider: pulumi.dynamic.ResourceProvider = {
      async create() {
        return { id: "endpoint", outs: { url: "https://flows.example.com/from-another-resource" } };
      },
    };
    super(provider, name, { url: undefined });
  }
}

const endpoint = new Endpoint("endpoint");

const flow = new kaleyra.FlowMetadata("sign-up", {
  flowId: "1234567890123451",
  name: "Sign up",
  endpointUri: endpoint.url,
});

export const endpointUri = flow.endpointUri;
