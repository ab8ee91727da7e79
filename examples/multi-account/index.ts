import * as kaleyra from "pulumi-kaleyra-flows";

// Two accounts on two pods. Each resource names its account (sid) and pod (region); the
// keys come from the stack's secret map or the environment, one per SID:
//   pulumi config set --secret --path 'kaleyra:apiKeys.HXAP16DEMO0097IN' <key>
//   pulumi config set --secret --path 'kaleyra:apiKeys.HXEU16DEMO0042EU' <key>
// or KALEYRA_API_KEY_HXAP16DEMO0097IN / KALEYRA_API_KEY_HXEU16DEMO0042EU.
const india = { sid: "HXAP16DEMO0097IN", region: "IN" } as const;
const europe = { sid: "HXEU16DEMO0042EU", region: "EU" } as const;

export const signUp = new kaleyra.FlowMetadata("in-sign-up", {
  ...india,
  flowId: "1234567890123451",
  name: "Sign up",
  categories: ["SIGN_UP"],
}).apiDomain;

export const leadCapture = new kaleyra.FlowMetadata("eu-lead-capture", {
  ...europe,
  flowId: "9876543210987651",
  name: "Lead capture",
  categories: ["LEAD_GENERATION", "CONTACT_US"],
  endpointUri: "https://flows.example.eu/lead",
}).apiDomain;
