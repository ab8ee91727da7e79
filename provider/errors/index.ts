/**
 * Every error of the package extends {@link KaleyraError}, one class per file. Where a
 * Kaleyra response becomes an error is from-response.ts; which errors are retried is
 * client/retry.ts.
 */
export { KaleyraError, KaleyraErrorFacts, KaleyraErrorInit, RequestSummary, describeFailure } from "./kaleyra-error";
export { AuthenticationError } from "./authentication-error";
export { FlowApiNotEnabledError } from "./flow-api-not-enabled-error";
export { FlowNotFoundError } from "./flow-not-found-error";
export { InvalidPayloadError } from "./invalid-payload-error";
export { FlowUpdateRefusedError } from "./flow-update-refused-error";
export { FlowStatusError } from "./flow-status-error";
export { InvalidParameterError } from "./invalid-parameter-error";
export { FlowBlockedError } from "./flow-blocked-error";
export { FlowPublishRefusedError } from "./flow-publish-refused-error";
export { FlowDeprecateRefusedError } from "./flow-deprecate-refused-error";
export { FlowDeleteRefusedError } from "./flow-delete-refused-error";
export { FlowValidationFailedError } from "./flow-validation-failed-error";
export { PublishedFlowError } from "./published-flow-error";
export { META_CODES, MetaError } from "./meta-error";
export { ServerError } from "./server-error";
export { RateLimitError } from "./rate-limit-error";
export { NetworkError } from "./network-error";
export { TimeoutError } from "./timeout-error";
export { UnexpectedResponseError } from "./unexpected-response-error";
export { InternalError } from "./internal-error";
export { ConfigurationError } from "./configuration-error";
export { StateError } from "./state-error";
export { errorFromResponse, ResponseFacts } from "./from-response";
