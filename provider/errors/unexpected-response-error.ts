import { escapeControls, shorten } from "../text/quote";
import { describeFailure, KaleyraError, KaleyraErrorFacts } from "./kaleyra-error";

/**
 * A response this package does not recognise: not JSON (an HTML 502 from a proxy, an empty
 * body), or JSON of a shape Kaleyra's documentation does not describe (a "success" without
 * `success: true`, flow details without the flow's own id). Nothing from it is written into
 * state. 5xx ones are retried (see client/retry.ts): a proxy in the way is usually passing trouble.
 */
export class UnexpectedResponseError extends KaleyraError {
  /** The response's content type, if any (redacted). */
  readonly contentType?: string;
  /** The first characters of the body, whitespace folded, redacted, for diagnosis. */
  readonly bodySnippet!: string;
  /** What is wrong with the response, e.g. `the response is not JSON`. */
  readonly reason!: string;

  constructor(
    facts: KaleyraErrorFacts &
      Pick<UnexpectedResponseError, "contentType" | "bodySnippet"> &
      Partial<Pick<UnexpectedResponseError, "reason">>,
  ) {
    const reason = facts.reason ?? "the response is not Kaleyra JSON";
    const hint =
      facts.status !== undefined && facts.status >= 500
        ? "A proxy or gateway between you and Kaleyra failed: run `pulumi up` again; if it persists, check " +
          "kaleyra:apiDomain and any HTTP proxy settings."
        : "Nothing was written to the stack. Check that kaleyra:apiDomain / kaleyra:region points at a Kaleyra " +
          "API pod (https://api.in.kaleyra.io, api.ap.kaleyra.io, api.eu.kaleyra.io); if it does, Kaleyra's " +
          "response has changed shape: report it with the snippet above.";
    // Text from a response, shown as it is but safe: cut short, and anything that could break
    // or reorder the line escaped. Quotes are left alone, so JSON stays readable.
    const shown = (text: string, max: number) => escapeControls(shorten(text, max));
    const summary =
      `${reason}; what arrived ` +
      `(${facts.contentType ? shown(facts.contentType, 60) : "no content type"}): ${shown(facts.bodySnippet, 160)}`;
    super(describeFailure(summary, hint, facts), { ...facts, hint });
    if (facts.contentType !== undefined) this.contentType = facts.contentType;
    this.bodySnippet = facts.bodySnippet;
    this.reason = reason;
  }
}
