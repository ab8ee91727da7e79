import { own } from "../rules/checked";
import { UNKNOWN } from "../rules/unknown";
import { FlowJsonProblem, problemAt } from "./problem";

/**
 * Rules that tie the Flow JSON to the flow around it: a flow with `data_api_version` calls an endpoint, so it needs
 * the flow's endpointUri and a routing_model (Meta refuses to publish it otherwise). An endpointUri on a flow without
 * `data_api_version` is no problem: Meta keeps it and never calls it, and flows made in WhatsApp Manager have one.
 */

/** What the checks know of the flow the Flow JSON belongs to. */
export interface FlowJsonContext {
  /** the flow's endpointUri input: a string, undefined when not set, or "unknown" when not yet known at preview */
  readonly endpointUri: string | undefined | "unknown";
}

/** The problems between the Flow JSON and the flow's endpoint; an endpointUri not known yet skips that half. */
export function endpointProblems(flow: Readonly<Record<string, unknown>>, context: FlowJsonContext): FlowJsonProblem[] {
  const problems: FlowJsonProblem[] = [];
  const dataApi = own(flow, "data_api_version") !== undefined;
  if (own(flow, "data_channel_uri") !== undefined) {
    problems.push(
      problemAt(
        "/data_channel_uri",
        "data_channel_uri is not used from Flow JSON 3.0 on: remove it and set the flow's endpointUri instead.",
      ),
    );
  }
  if (dataApi && own(flow, "routing_model") === undefined) {
    problems.push(
      problemAt(
        "/data_api_version",
        'a flow with data_api_version needs a routing_model: add "routing_model": {"<screen id>": ["<next screen ' +
          'id>", ...], ...} listing where each screen may go.',
      ),
    );
  }
  const endpoint = context.endpointUri;
  // At preview the engine may not know the endpoint yet (its placeholder, or the caller's "unknown"): judge at `up`.
  if (endpoint === "unknown" || endpoint === UNKNOWN) return problems;
  if (dataApi && endpoint === undefined) {
    problems.push(
      problemAt(
        "/data_api_version",
        "set endpointUri: a flow with data_api_version calls its endpoint (or remove data_api_version and " +
          "routing_model for a flow without one).",
      ),
    );
  }
  return problems;
}
