import { describeFailure, KaleyraError, KaleyraErrorFacts } from "./kaleyra-error";

/** HTTP 400 `WA-400` "Refer to correct payload format": Kaleyra rejected the request body. */
export class InvalidPayloadError extends KaleyraError {
  constructor(facts: KaleyraErrorFacts) {
    const hint =
      "Check name (non-empty), categories (non-empty, from SIGN_UP, SIGN_IN, APPOINTMENT_BOOKING, " +
      "LEAD_GENERATION, SHOPPING, CONTACT_US, CUSTOMER_SUPPORT, SURVEY, OTHER) and endpointUri (an absolute " +
      "https URL). Flow names must also be unique in the WhatsApp Business Account.";
    super(describeFailure("the request body was rejected", hint, facts), { ...facts, hint });
  }
}
