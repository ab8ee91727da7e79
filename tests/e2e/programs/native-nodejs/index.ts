// The metadata of three existing flows in two accounts, and one whole flow, on the native provider.
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import * as kaleyra from "@pulumi-kaleyra-flows/kaleyra";

const config = new pulumi.Config();

// A second account: its own provider, its key a secret of this stack.
const eu = new kaleyra.Provider("eu", {
  sid: "HXEU16DEMO0042EU",
  region: "EU",
  apiDomain: config.require("euApiDomain"),
  apiKey: config.requireSecret("euApiKey"),
});

const signUp = new kaleyra.FlowMetadata("sign-up", {
  flowId: "1234567890123451",
  name: config.get("signUpName") ?? "Sign up for offers",
  categories: [config.get("signUpCategory") ?? "SIGN_UP"],
  endpointUri: "https://example.com/flows/sign-up",
});

new kaleyra.FlowMetadata("booking", {
  flowId: "1234567890123452",
  name: config.get("bookingName") ?? "Book an appointment",
  allowPublishedUpdate: config.getBoolean("allowBookingUpdate") ?? false,
});

const lead = new kaleyra.FlowMetadata(
  "lead",
  { flowId: "9876543210987651", name: "Lead capture", categories: ["LEAD_GENERATION"] },
  { provider: eu },
);

const welcome = new kaleyra.Flow("welcome", {
  wabaId: "1029384756102938",
  name: "Welcome to Acme Rewards",
  categories: ["SIGN_UP"],
  flowJson: fs.readFileSync("flows/welcome.json", "utf8"),
  flowJsonFile: "flows/welcome.json",
});

// What `pulumi import kaleyra:index:FlowMetadata survey 1234567890123453` recorded, as code.
if (config.getBoolean("declareSurvey")) {
  new kaleyra.FlowMetadata(
    "survey",
    { flowId: "1234567890123453", name: "Customer survey", categories: ["SURVEY", "OTHER"] },
    { protect: true },
  );
}

export const signUpStatus = signUp.status;
export const leadSid = lead.sid;
export const welcomeFlowId = welcome.flowId;
export const welcomeStatus = welcome.status;
