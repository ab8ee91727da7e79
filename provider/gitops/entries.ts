import type { FlowCategory, Region } from "../rules";

/**
 * What a flows file declares, entry by entry. An entry is one of two kinds, told apart by
 * `kind`: a {@link FlowsFileEntry} (no `flowJson` key: the metadata of a flow made
 * elsewhere, a FlowMetadata) or a {@link FlowsFileFlowEntry} (a `flowJson` key: the whole
 * flow, its JSON in a file, a Flow).
 *
 * Compatibility: `FlowsFileEntry` is the FlowMetadata entry it always was, with `kind` added,
 * and `FlowsFileResult.flows` still lists only those; code written before Flow entries
 * existed compiles and behaves as before. `FlowsFileResult.entries` lists both kinds
 * ({@link FlowsFileDeclaration}), in file order: narrow it with `kind`.
 */

/** The FlowMetadata inputs of one flow, validated and normalized, defaults applied. */
export interface FlowsFileArgs {
  /** The flow id, a string of digits. */
  readonly flowId: string;
  /** The name, trimmed. */
  readonly name?: string;
  /** The categories, repeats dropped, in the order written. */
  readonly categories?: FlowCategory[];
  /** The https endpoint. */
  readonly endpointUri?: string;
  /** The account SID, from the flow or from `defaults`. */
  readonly sid?: string;
  /** The region, upper case, from the flow or from `defaults`. */
  readonly region?: Region;
  /** The API origin (e.g. `https://api.in.kaleyra.io`), from the flow or from `defaults`. */
  readonly apiDomain?: string;
  /** Whether `pulumi up` may change the flow while it is PUBLISHED, from the flow or from `defaults`. */
  readonly allowPublishedUpdate?: boolean;
}

/**
 * The Flow inputs of an entry with `flowJson`, validated and normalized, defaults applied
 * (`wabaId` may come from `defaults`). At least one of `wabaId` and `flowId` is set.
 */
export interface FlowsFileFlowArgs {
  /** The WhatsApp Business Account the flow is created in (or looked up by name), from the flow or `defaults`. */
  readonly wabaId?: string;
  /** An existing flow to adopt. */
  readonly flowId?: string;
  /** The name, trimmed. */
  readonly name: string;
  /** The categories, repeats dropped, in the order written. */
  readonly categories: FlowCategory[];
  /** The https endpoint. */
  readonly endpointUri?: string;
  /** The Flow JSON file's text, as read; it passed every check of provider/flow-json. */
  readonly flowJson: string;
  /**
   * The Flow JSON file as problems name it: the flows file's folder joined with the entry's
   * `flowJson`, with forward slashes (e.g. `flows/sign-up.json` for `flows.yaml`).
   */
  readonly flowJsonFile: string;
  /** Publish the flow once its JSON is uploaded without validation errors. */
  readonly publish?: boolean;
  /** Whether `pulumi up` may change the flow while it is PUBLISHED, from the flow or from `defaults`. */
  readonly allowPublishedUpdate?: boolean;
  /** Deprecate the flow, if published, when the resource is destroyed or replaced. */
  readonly deprecateOnDelete?: boolean;
  /** The account SID, from the flow or from `defaults`. */
  readonly sid?: string;
  /** The region, upper case, from the flow or from `defaults`. */
  readonly region?: Region;
  /** The API origin, from the flow or from `defaults`. */
  readonly apiDomain?: string;
}

/** One flow declared in a flows file without `flowJson`: a FlowMetadata. */
export interface FlowsFileEntry {
  /** What the entry declares: always `"FlowMetadata"` here (see {@link FlowsFileDeclaration}). */
  readonly kind: "FlowMetadata";
  /** The Pulumi resource name: the flow's key under `flows`. */
  readonly resourceName: string;
  /** The FlowMetadata inputs. */
  readonly args: FlowsFileArgs;
  /** The file it was declared in. */
  readonly file: string;
  /** The line of its resource name. */
  readonly line: number;
}

/** One flow declared in a flows file with `flowJson`: a whole Flow. */
export interface FlowsFileFlowEntry {
  /** What the entry declares: always `"Flow"`. */
  readonly kind: "Flow";
  /** The Pulumi resource name: the flow's key under `flows`. */
  readonly resourceName: string;
  /** The Flow inputs, the Flow JSON's text among them. */
  readonly args: FlowsFileFlowArgs;
  /** The flows file it was declared in. */
  readonly file: string;
  /** The line of its resource name. */
  readonly line: number;
  /** The Flow JSON file, resolved to an absolute path (where it was read). */
  readonly flowJsonPath: string;
}

/** Any entry of a flows file; `kind` says which. */
export type FlowsFileDeclaration = FlowsFileEntry | FlowsFileFlowEntry;

/** The kinds of entry: the resource each declares. */
export type FlowsFileEntryKind = FlowsFileDeclaration["kind"];
