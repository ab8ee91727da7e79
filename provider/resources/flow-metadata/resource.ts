import * as pulumi from "@pulumi/pulumi";
import type { FlowCategory, FlowStatus, Region } from "../../rules";
import { SERIALIZED_PROVIDER } from "../../shim";

/** The Pulumi type token of {@link FlowMetadata}. */
export const FLOW_METADATA_TYPE = "pulumi-nodejs:dynamic/kaleyra:FlowMetadata";

/**
 * The inputs of a {@link FlowMetadata}. A metadata field left out is not managed: it is
 * never sent, and leaving it out later changes nothing on the flow.
 */
export interface FlowMetadataArgs {
  /**
   * The flow's id, as Kaleyra returned it when the flow was created: a string of digits.
   * A JS number is accepted only if it is a safe integer (flow ids have 15-17 digits, more
   * than a number holds exactly). Changing it replaces the resource.
   */
  flowId: pulumi.Input<string | number>;
  /** The flow's name. Names are unique within a WhatsApp Business Account. */
  name?: pulumi.Input<string>;
  /** The flow's categories: at least one of the nine documented; order and repeats do not matter. */
  categories?: pulumi.Input<pulumi.Input<FlowCategory>[]>;
  /** The https URL WhatsApp calls for the flow's data exchange. */
  endpointUri?: pulumi.Input<string>;
  /** The account SID. Default: `kaleyra:sid`, then KALEYRA_SID. Changing it replaces. */
  sid?: pulumi.Input<string>;
  /** The pod: `IN`, `SG` or `EU`. Default: `kaleyra:region`, then KALEYRA_REGION, then `IN`. */
  region?: pulumi.Input<Region | Lowercase<Region>>;
  /**
   * An API domain that overrides the region: a bare host (https) or a full origin such as
   * `http://127.0.0.1:4010`. Default: `kaleyra:apiDomain`, then KALEYRA_API_DOMAIN.
   * Changing the resolved domain replaces.
   */
  apiDomain?: pulumi.Input<string>;
  /**
   * Lets `pulumi up` change this flow's metadata while it is PUBLISHED (or THROTTLED), which
   * may put it back to DRAFT: Meta's documentation says a published flow either refuses
   * metadata changes or goes back to DRAFT when they are made. Default: `kaleyra:allowPublishedUpdate`,
   * then KALEYRA_ALLOW_PUBLISHED_UPDATE, then false, in which case a published flow that
   * would change fails with nothing sent. Changing it alone changes nothing on the flow.
   */
  allowPublishedUpdate?: pulumi.Input<boolean>;
}

/**
 * The metadata (name, categories, endpoint URI) of one existing WhatsApp Flow on Kaleyra.
 *
 * - create adopts the flow: it reads it (Get Flow Details) and sends, through Update Flow
 *   Metadata, only the managed fields that differ; a flow that already matches gets nothing.
 * - update does the same when the program changes; categories compare as a set.
 * - a PUBLISHED flow is changed only with `allowPublishedUpdate`; a DEPRECATED or BLOCKED one
 *   never: the step fails and nothing is sent.
 * - refresh reads the flow and reports drift; a flow gone from Kaleyra leaves the stack.
 * - delete calls nothing: metadata cannot be deleted, the flow stays as it is.
 *
 * The API key comes from `kaleyra:apiKey` (secret) or KALEYRA_API_KEY at run time, inside
 * the provider process; it is never an input, never in state.
 *
 * It is a Pulumi dynamic resource (type `pulumi-nodejs:dynamic/kaleyra:FlowMetadata`, run by
 * the `pulumi-nodejs` provider that ships with `@pulumi/pulumi`), registered directly as a
 * CustomResource so that its `__provider` is the small fixed loader in shim.ts.
 */
export class FlowMetadata extends pulumi.CustomResource {
  /** The flow id. Also the resource's id. */
  declare public readonly flowId: pulumi.Output<string>;
  /** The managed name, as applied (or as read by the last refresh). */
  declare public readonly name: pulumi.Output<string | undefined>;
  /** The managed categories, as applied (repeats dropped, order as given). */
  declare public readonly categories: pulumi.Output<FlowCategory[] | undefined>;
  /** The managed endpoint URI, as applied. */
  declare public readonly endpointUri: pulumi.Output<string | undefined>;
  /** The account SID the flow belongs to. */
  declare public readonly sid: pulumi.Output<string>;
  /** The pod's region name. */
  declare public readonly region: pulumi.Output<string>;
  /** The resolved API origin, e.g. `https://api.in.kaleyra.io`. */
  declare public readonly apiDomain: pulumi.Output<string>;
  /** The flow's status (DRAFT, PUBLISHED, ...) as last read, by `pulumi up` or `pulumi refresh`. */
  declare public readonly status: pulumi.Output<FlowStatus | undefined>;

  /**
   * @param name The unique name of this resource in the stack.
   * @param args The flow and the metadata to manage.
   * @param opts Resource options. `customTimeouts` do not apply to dynamic resources: use
   *   the `kaleyra:timeoutMs` and `kaleyra:deadlineMs` settings.
   */
  constructor(name: string, args: FlowMetadataArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      flowId: args.flowId,
      name: args.name,
      categories: args.categories,
      endpointUri: args.endpointUri,
      sid: args.sid,
      region: args.region,
      apiDomain: args.apiDomain,
      allowPublishedUpdate: args.allowPublishedUpdate,
      status: undefined,
      // What pulumi.dynamic.Resource would put here is a serialized closure; this package
      // stores a fixed loader instead (see shim.ts).
      __provider: SERIALIZED_PROVIDER,
    };
    super(FLOW_METADATA_TYPE, name, props, opts);
  }
}
