/**
 * `pulumi-kaleyra-flows/gitops`: read and check flows files (and the Flow JSON files they
 * name) without Pulumi (no `@pulumi/pulumi` is loaded through this entry point, so tools and
 * hooks stay fast). `declareFlows`, which registers resources, is exported by the package's
 * main entry.
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
  type FlowsFileFlowArgs,
  type FlowsFileFlowEntry,
  type FlowsFileDeclaration,
  type FlowsFileEntryKind,
  type FlowsFileOptions,
  type FlowsFileResult,
} from "./flows-file";
export { FLOW_ENTRY_KEYS, type FlowEntryKey } from "./flow-entry";
export { checkFlowJsonText, type FlowJsonReader } from "./flow-json-reference";
export { FlowsFileError } from "./flows-file-error";
export { formatProblem, formatPath, sortProblems, type FlowsFileProblem, type PathSegment } from "./problems";
