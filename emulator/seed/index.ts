/**
 * The seed: its contract (the types), its schema, the checks and the file loader. Validation
 * is up front and names every entry at fault, because a seed that quietly loads half-right
 * makes every test against it lie.
 */
export type {
  AccountPatch,
  AccountSettings,
  FlowPatch,
  FlowRecord,
  SeedAccount,
  SeedFile,
  SeedFlow,
  ValidAccount,
  ValidSeed,
} from "./contract";
export { validateAccountPatch, validateFlow, validateFlowPatch, validateSeed } from "./check";
export { loadSeedFile } from "./loader";
