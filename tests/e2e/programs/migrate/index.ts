// Before: the dynamic resources of pulumi-kaleyra-flows.
import * as kaleyra from "pulumi-kaleyra-flows";

new kaleyra.FlowMetadata("sign-up", {
  flowId: "1234567890123451",
  name: "Sign up for offers",
  categories: ["SIGN_UP"],
  endpointUri: "https://example.com/flows/sign-up",
});

// Only the name is managed: the migration must not start managing its categories.
new kaleyra.FlowMetadata("survey", { flowId: "1234567890123453", name: "Customer survey" });

new kaleyra.Flow("welcome", {
  wabaId: "1029384756102938",
  name: "Welcome to Acme Rewards",
  categories: ["SIGN_UP"],
  flowJson: kaleyra.flowJsonFile("flows/welcome.json"),
});
