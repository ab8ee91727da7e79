/**
 * @deprecated The rules moved to ./rules (one table for the provider and the flows file).
 * This module re-exports them for code that still imports it.
 */
export * from "./rules";
export { show } from "./text/quote";
