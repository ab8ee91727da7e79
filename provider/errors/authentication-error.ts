import { describeFailure, KaleyraError, KaleyraErrorFacts } from "./kaleyra-error";

/** HTTP 401 `RBC001`: the SID or the API key is wrong. Never retried. */
export class AuthenticationError extends KaleyraError {
  constructor(facts: KaleyraErrorFacts) {
    const hint =
      "Check that the API key belongs to this SID's account: set it with `pulumi config set --secret " +
      "kaleyra:apiKey <key>` or KALEYRA_API_KEY (or per account: kaleyra:apiKeys / KALEYRA_API_KEY_<SID>), and " +
      "the SID with kaleyra:sid, KALEYRA_SID or the resource's `sid`. Keys are listed under Developers > API " +
      "Keys in the Kaleyra console.";
    super(describeFailure("the SID or API key was refused", hint, facts), { ...facts, hint });
  }
}
