import type * as pulumi from "@pulumi/pulumi";
import { FlowMetadata, type FlowMetadataArgs } from "../resources/flow-metadata/resource";
import { FlowsFileError } from "./flows-file-error";
import { validateFlowsFile } from "./flows-file";

/** Options of {@link declareFlows}. */
export interface DeclareFlowsOptions {
  /**
   * Inputs given to every flow, below the file's: a flow's own field wins, then the file's
   * `defaults`, then these. Useful for values the file cannot hold, such as another
   * resource's output. The file is still checked on its own (as the CLI checks it), so it
   * must be complete without these.
   */
  readonly defaults?: Partial<FlowMetadataArgs>;
  /** Resource options given to every FlowMetadata (`provider`, `dependsOn`, `protect`, ...). */
  readonly resourceOptions?: pulumi.CustomResourceOptions;
}

/**
 * Declares one {@link FlowMetadata} per flow of a flows file, named by its key under
 * `flows`. The whole file is checked first: if anything is wrong, it throws a
 * {@link FlowsFileError} listing every problem with its line, and registers nothing, so a
 * bad file can never half-apply.
 *
 * @param path The flows file (YAML, or JSON if it ends in `.json`), relative to the working
 *   directory, which is the Pulumi project's folder when Pulumi runs the program.
 * @returns The resources, by resource name.
 * @throws FlowsFileError when the file has any problem.
 *
 * @example
 * import * as kaleyra from "pulumi-kaleyra-flows";
 * export const flows = Object.keys(kaleyra.declareFlows("flows.yaml"));
 */
export function declareFlows(path: string, opts: DeclareFlowsOptions = {}): Record<string, FlowMetadata> {
  const { flows, problems } = validateFlowsFile(path);
  if (problems.length > 0) throw new FlowsFileError(problems);
  const resources: Record<string, FlowMetadata> = {};
  for (const entry of flows) {
    const args: FlowMetadataArgs = { ...opts.defaults, ...entry.args };
    resources[entry.resourceName] = new FlowMetadata(entry.resourceName, args, opts.resourceOptions);
  }
  return resources;
}
