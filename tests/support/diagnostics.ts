import type { Diagnostics } from "../../provider/engine/diagnostics";

/** Diagnostics that go nowhere (tests that do not look at them). */
export const SILENT: Diagnostics = { warn: async () => {}, info: async () => {} };

/** Diagnostics that collect messages in memory. */
export function collectingDiagnostics(): Diagnostics & { readonly warnings: string[]; readonly infos: string[] } {
  const warnings: string[] = [];
  const infos: string[] = [];
  return { warnings, infos, warn: async (m) => void warnings.push(m), info: async (m) => void infos.push(m) };
}
