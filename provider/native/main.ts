#!/usr/bin/env node
/**
 * `pulumi-resource-kaleyra`: the native provider plugin's entry point. The engine starts it
 * with its own address as the argument; it prints the port it serves on and answers the
 * engine's gRPC calls with `@pulumi/pulumi/provider`'s server, its two gaps closed
 * (server-gaps.ts), over the lifecycle modules the dynamic provider runs (provider.ts).
 */
import { main } from "@pulumi/pulumi/provider";
import { PACKAGE_VERSION } from "../version";
import { createNativeProvider } from "./provider";
import { closeServerGaps } from "./server-gaps";

const USAGE = `Usage: pulumi-resource-kaleyra [ENGINE_ADDRESS]

The native provider plugin of pulumi-kaleyra-flows ${PACKAGE_VERSION} (resource plugin kaleyra).
The Pulumi engine starts it; it prints the port it serves on and answers the engine's calls.
Make it findable with a Pulumi.yaml plugins: entry naming the package's bin folder, or with
\`pulumi-kaleyra-flows plugin install\`.
`;

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  process.stdout.write(USAGE);
} else {
  const native = createNativeProvider();
  closeServerGaps(native.configure, native.importRead);
  main(native.provider, args).catch((error: unknown) => {
    process.stderr.write(`pulumi-resource-kaleyra: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
