import * as pulumi from "@pulumi/pulumi";
import * as kaleyra from "pulumi-kaleyra-flows";

// Stands in for whatever serves the flow's endpoint (a function URL, a load balancer):
// its `url` output is not known until it is created.
const endpoint = new pulumi.dynamic.Resource(
  {
    async create() {
      return { id: "endpoint", outs: { url: "https://flows.example.com/from-another-resource" } };
    },
  },
  "endpoint",
  { url: undefined },
);

const flow = new kaleyra.FlowMetadata("sign-up", {
  flowId: "1234567890123451",
  name: "Sign up",
  endpointUri: endpoint.getOutput("url") as pulumi.Output<string>,
});

export const endpointUri = flow.endpointUri;
