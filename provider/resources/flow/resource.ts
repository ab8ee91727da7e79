import * as pulumi from "@pulumi/pulumi";
import type { FlowValidationError } from "../../client/responses/validation-errors";
import type { FlowCategory, FlowStatus, Region } from "../../rules";
import { SERIALIZED_FLOW_PROVIDER } from "../../shim";
import { FlowJsonFile } from "./flow-json-file";

/** The Pulumi type token of {@link Flow}. */
export const FLOW_TYPE = "pulumi-nodejs:dynamic/kaleyra:Flow";

/** A Flow JSON as a program gives it: an object, JSON text, or {@link flowJsonFile}'s result. */
export type FlowJsonInput = Record<string, unknown> | string | FlowJsonFile;

/** The inputs of a {@link Flow}. */
export interface FlowArgs {
  /**
   * The WhatsApp Business Account to create the flow in. Before creating, its flows are
   * listed and a flow of the same name is adopted instead. Changing it replaces the flow.
   */
  wabaId?: pulumi.Input<string | number>;
  /** An existing flow to adopt instead of creating one (both may be given). Changing it replaces. */
  flowId?: pulumi.Input<string | number>;
  /** The flow's name, unique within its WhatsApp Business Account. */
  name: pulumi.Input<string>;
  /** At least one of the nine flow categories; order and repeats do not matter. */
  categories: pulumi.Input<pulumi.Input<FlowCategory>[]>;
  /** The https URL WhatsApp calls for the flow's data exchange (needed when the JSON has `data_api_version`). */
  endpointUri?: pulumi.Input<string>;
  /**
   * The Flow JSON: an object, a JSON string, or `kaleyra.flowJsonFile("flows/sign-up.json")`.
   * Checked at preview; compared as JSON (key order and whitespace never show a change);
   * uploaded only when it differs from what the flow holds.
   */
  flowJson: pulumi.Input<FlowJsonInput>;
  /**
   * Publish the flow once its JSON is uploaded without validation errors. Default false.
   * Cannot be undone: a published flow can only be deprecated. `pulumi preview` warns first.
   */
  publish?: pulumi.Input<boolean>;
  /**
   * Lets `pulumi up` change the flow while it is PUBLISHED, which may put it back to DRAFT (it
   * is then published again when `publish` is true). Default: `kaleyra:allowPublishedUpdate`,
   * then KALEYRA_ALLOW_PUBLISHED_UPDATE, then false: a published flow that would change fails
   * with nothing sent.
   */
  allowPublishedUpdate?: pulumi.Input<boolean>;
  /**
   * Deprecate the flow, if it is published, when this resource is destroyed or replaced
   * (cannot be undone). Default false: a published flow is left live and forgotten, with a warning.
   */
  deprecateOnDelete?: pulumi.Input<boolean>;
  /** The account SID. Default: `kaleyra:sid`, then KALEYRA_SID. Changing it replaces. */
  sid?: pulumi.Input<string>;
  /** The pod: `IN`, `SG` or `EU`. Default: `kaleyra:region`, then KALEYRA_REGION, then `IN`. */
  region?: pulumi.Input<Region | Lowercase<Region>>;
  /** An API domain that overrides the region (a host, or an origin such as `http://127.0.0.1:4010`). */
  apiDomain?: pulumi.Input<string>;
}

/** One of Meta's validation errors of a flow's JSON, as the {@link Flow.validationErrors} output holds it. */
export type FlowValidationErrorOutput = FlowValidationError;

/**
 * A whole WhatsApp Flow on Kaleyra: created in a WhatsApp Business Account (or adopted), its
 * metadata and Flow JSON kept as the program says, published only when asked.
 *
 * - create lists the WABA's flows and adopts one of the same name, else creates it; then as update.
 * - update reads the flow, sends only the metadata fields and the JSON that differ, and
 *   publishes with `publish: true` when the JSON has no validation errors. Meta's validation
 *   errors fail the step and leave the flow a DRAFT holding the JSON.
 * - a PUBLISHED flow is changed only with `allowPublishedUpdate`; `publish: false` on one fails.
 * - refresh reads the metadata, status, validation errors and the JSON itself.
 * - destroy deletes a DRAFT this resource created, forgets an adopted one, and deprecates a
 *   published one only with `deprecateOnDelete: true` (otherwise forgets it, still live).
 *
 * The API key comes from `kaleyra:apiKey` (secret) or KALEYRA_API_KEY, inside the provider
 * process; it is never an input, never in state. Type `pulumi-nodejs:dynamic/kaleyra:Flow`.
 */
export class Flow extends pulumi.CustomResource {
  /** The flow id. Also the resource's id. */
  declare public readonly flowId: pulumi.Output<string>;
  /** The WhatsApp Business Account, when the program named one. */
  declare public readonly wabaId: pulumi.Output<string | undefined>;
  declare public readonly name: pulumi.Output<string>;
  declare public readonly categories: pulumi.Output<FlowCategory[]>;
  declare public readonly endpointUri: pulumi.Output<string | undefined>;
  declare public readonly sid: pulumi.Output<string>;
  declare public readonly region: pulumi.Output<string>;
  declare public readonly apiDomain: pulumi.Output<string>;
  /** DRAFT, PUBLISHED, ... as last read, by `pulumi up` or `pulumi refresh`. */
  declare public readonly status: pulumi.Output<FlowStatus>;
  /** Meta's validation errors of the flow's JSON (message; line, column and JSON pointer where known). */
  declare public readonly validationErrors: pulumi.Output<FlowValidationErrorOutput[]>;
  /** The Flow JSON's `version`. */
  declare public readonly jsonVersion: pulumi.Output<string | undefined>;
  /** sha256 of the Flow JSON the flow holds, in canonical form (keys sorted, no whitespace). */
  declare public readonly flowJsonSha256: pulumi.Output<string | undefined>;
  declare public readonly publish: pulumi.Output<boolean>;
  declare public readonly deprecateOnDelete: pulumi.Output<boolean>;
  /** True when this resource created the flow (destroy deletes it while it is a DRAFT). */
  declare public readonly created: pulumi.Output<boolean>;

  /**
   * @param name The unique name of this resource in the stack.
   * @param args The flow: where it lives, its metadata, its JSON, and whether to publish it.
   * @param opts Resource options. To move a FlowMetadata to a Flow without touching the flow, give
   *   `aliases: [{ type: "pulumi-nodejs:dynamic/kaleyra:FlowMetadata" }]`.
   */
  constructor(name: string, args: FlowArgs, opts?: pulumi.CustomResourceOptions) {
    const file = args.flowJson instanceof FlowJsonFile ? args.flowJson : undefined;
    // Each property costs the SDK an Output (and its stack traces) per resource: a stack of
    // hundreds of Flows registers none it does not need. The outputs stay, as declared above.
    const props = {
      wabaId: args.wabaId,
      flowId: args.flowId,
      name: args.name,
      categories: args.categories,
      endpointUri: args.endpointUri,
      flowJson: file ? file.text : pulumi.output(args.flowJson as pulumi.Input<FlowJsonInput>).apply(plainJson),
      ...(file ? { flowJsonFile: file.path } : {}),
      publish: args.publish,
      ...(args.allowPublishedUpdate !== undefined ? { allowPublishedUpdate: args.allowPublishedUpdate } : {}),
      deprecateOnDelete: args.deprecateOnDelete,
      sid: args.sid,
      region: args.region,
      apiDomain: args.apiDomain,
      status: undefined,
      validationErrors: undefined,
      jsonVersion: undefined,
      flowJsonSha256: undefined,
      created: undefined,
      __provider: SERIALIZED_FLOW_PROVIDER,
    };
    super(FLOW_TYPE, name, props, opts);
  }
}

/** A Flow JSON given through an Output: a file's text once resolved, else as given. */
function plainJson(value: FlowJsonInput): Record<string, unknown> | string {
  return value instanceof FlowJsonFile ? value.text : value;
}
