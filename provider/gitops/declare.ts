import type * as pulumi from "@pulumi/pulumi";
import { relative, sep } from "node:path";
import { FlowMetadata, FLOW_METADATA_TYPE, type FlowMetadataArgs } from "../resources/flow-metadata/resource";
import { Flow, type FlowArgs } from "../resources/flow/resource";
import { FlowJsonFile } from "../resources/flow/flow-json-file";
import type { FlowsFileFlowEntry } from "./entries";
import { FlowsFileError } from "./flows-file-error";
import { validateFlowsFile } from "./flows-file";

/** Options of {@link declareFlows}. */
export interface DeclareFlowsOptions {
  /**
   * Inputs given to every flow, below the file's: a flow's own field wins, then the file's
   * `defaults`, then these. Useful for values the file cannot hold, such as another
   * resource's output. The file is still checked on its own (as the CLI checks it), so it
   * must be complete without these. Entries with `flowJson` (Flows) take the fields they
   * share with FlowMetadata, all but `flowId`: a Flow without one is found by name instead.
   */
  readonly defaults?: Partial<FlowMetadataArgs>;
  /**
   * Resource options given to every resource (`provider`, `dependsOn`, `protect`, ...). A Flow
   * gets the FlowMetadata alias besides any `aliases` given here.
   */
  readonly resourceOptions?: pulumi.CustomResourceOptions;
}

/** What {@link declareFlows} declares: each entry's resource, by resource name; `instanceof` tells them apart. */
export type DeclaredFlows = Record<string, FlowMetadata | Flow>;

/**
 * Declares one resource per flow of a flows file, named by its key under `flows`: a
 * {@link Flow} for an entry with `flowJson` (its Flow JSON file read once, as checked), a
 * {@link FlowMetadata} for any other. The whole file is checked first, its Flow JSON files
 * included: if anything is wrong, it throws a {@link FlowsFileError} listing every problem
 * with its file and line, and registers nothing, so a bad file can never half-apply.
 *
 * Each Flow carries the alias `{ type: FLOW_METADATA_TYPE }`: adding `flowJson` to an entry
 * that was a FlowMetadata moves that resource to a Flow in place (same name, same flow), so
 * nothing is replaced or recreated; the next `pulumi up` brings the flow to the JSON.
 *
 * @param path The flows file (YAML, or JSON if it ends in `.json`), relative to the working
 *   directory, which is the Pulumi project's folder when Pulumi runs the program. Flow JSON
 *   paths in it are relative to its own folder.
 * @returns The resources, by resource name. Both kinds have `flowId`, `name`, `categories`,
 *   `endpointUri` and `status` outputs.
 * @throws FlowsFileError when the file has any problem.
 *
 * @example
 * import * as kaleyra from "pulumi-kaleyra-flows";
 * export const flows = Object.keys(kaleyra.declareFlows("flows.yaml"));
 */
export function declareFlows(path: string, opts: DeclareFlowsOptions = {}): DeclaredFlows {
  const { entries, problems } = validateFlowsFile(path);
  if (problems.length > 0) throw new FlowsFileError(problems);
  const resources: DeclaredFlows = {};
  for (const entry of entries) {
    resources[entry.resourceName] =
      entry.kind === "Flow"
        ? declareFlow(entry, opts)
        : new FlowMetadata(entry.resourceName, { ...opts.defaults, ...entry.args }, opts.resourceOptions);
  }
  return resources;
}

function declareFlow(entry: FlowsFileFlowEntry, opts: DeclareFlowsOptions): Flow {
  // A program's flowId would make a Flow the file finds by name adopt that flow instead.
  const { flowId: _flowId, ...shared } = opts.defaults ?? {};
  const { flowJson, flowJsonFile: _shown, ...fields } = entry.args;
  // The path the stack records (and messages name): relative to the program's folder, with
  // forward slashes, so the state is the same on every machine that runs the program.
  const file = relative(process.cwd(), entry.flowJsonPath).split(sep).join("/");
  const args: FlowArgs = { ...shared, ...fields, flowJson: new FlowJsonFile(file, flowJson) };
  const aliases = [{ type: FLOW_METADATA_TYPE }, ...(opts.resourceOptions?.aliases ?? [])];
  return new Flow(entry.resourceName, args, { ...opts.resourceOptions, aliases });
}
