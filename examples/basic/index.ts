import * as pulumi from "@pulumi/pulumi";
import * as kaleyra from "pulumi-kaleyra-flows";

// The account comes from stack config (kaleyra:sid, kaleyra:region) or KALEYRA_SID /
// KALEYRA_REGION; the API key from `pulumi config set --secret kaleyra:apiKey` or
// KALEYRA_API_KEY. None of it is written here.
const config = new pulumi.Config();

const signUp = new kaleyra.FlowMetadata("sign-up", {
  // Flow ids have 15-17 digits: keep them strings.
  flowId: config.get("flowId") ?? "1234567890123451",
  name: "Sign up",
  categories: ["SIGN_UP"],
  endpointUri: "https://flows.example.com/sign-up",
});

export const flowId = signUp.flowId;
export const status = signUp.status;
