/**
 * `pulumi-kaleyra-flows/gitops`: read and check flows files without Pulumi (no
 * `@pulumi/pulumi` is loaded through this entry point, so tools and hooks stay fast).
 * `declareFlows`, which registers resources, is exported by the package's main entry.
 */
export {
  validateFlowsFile,
  parseFlowsText,
  FLOWS_FILE_VERSION,
  FLOWS_FILE_KEYS,
  DEFAULTS_KEYS,
  RESOURCE_NAME_PATTERN,
  type FlowsFileArgs,
  type FlowsFileEntry,
  type FlowsFileResult,
} from "./flows-file";
export { FlowsFileError } from "./flows-file-error";
export { formatProblem, formatPath, sortProblems, type FlowsFileProblem, type PathSegment } from "./problems";
