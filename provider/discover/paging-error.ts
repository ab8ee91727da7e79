import { describeFailure, KaleyraError, type KaleyraErrorFacts } from "../errors/kaleyra-error";

/**
 * Listing a WABA's flows did not come to an end: Kaleyra handed back a cursor it had already
 * given (which would loop forever), or the list ran past the page cap. Each page on its own
 * was a valid response, so this is not an UnexpectedResponseError; nothing was written.
 */
export class PagingError extends KaleyraError {
  /** Pages read before giving up. */
  readonly pages!: number;

  constructor(facts: KaleyraErrorFacts & { readonly summary: string; readonly hint: string; readonly pages: number }) {
    const { summary, hint, pages, ...rest } = facts;
    super(describeFailure(summary, hint, rest), { ...rest, hint });
    this.pages = pages;
  }
}
