import { KaleyraError, KaleyraErrorOptions } from "./kaleyra-error";

/**
 * A response that is not Kaleyra's JSON: an HTML 502 from a proxy, an empty body, a shape the
 * documentation does not describe. 5xx ones are retried, since a proxy in the way is usually
 * passing trouble; anything else is not.
 */
export class UnexpectedResponseError extends KaleyraError {
  /** The response's content type, if any. */
  readonly contentType?: string;
  /** The first characters of the body, whitespace folded, for diagnosis. */
  readonly bodySnippet: string;

  constructor(options: KaleyraErrorOptions & { contentType?: string; bodySnippet: string }) {
    const retryable = options.status !== undefined && options.status >= 500;
    super(
      `the response is not Kaleyra JSON (${options.contentType || "no content type"}: ${JSON.stringify(options.bodySnippet)})`,
      retryable
        ? "A proxy or gateway between you and Kaleyra failed: run `pulumi up` again; if it persists, check kaleyra:apiDomain and any HTTP proxy settings."
        : "Check that kaleyra:apiDomain / kaleyra:region points at a Kaleyra API pod (https://api.in.kaleyra.io, api.ap.kaleyra.io, api.eu.kaleyra.io).",
      retryable,
      options,
    );
    this.contentType = options.contentType;
    this.bodySnippet = options.bodySnippet;
  }
}
