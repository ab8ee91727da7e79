#!/usr/bin/env node
/**
 * `pulumi-resource-kaleyra`: the native provider plugin's entry point. The engine starts it
 * with its own address as the argument; it prints the port it serves on and answers the
 * engine's gRPC calls with `@pulumi/pulumi/provider`'s server, its two gaps closed
 * (server-gaps.ts), over the lifecycle modules the dynamic provider runs (provider.ts).
 */
import { main } from "@pulumi/pulumi/provider";
import { createNativeProvider } from "./provider";
import { closeServerGaps } from "./server-gaps";

const native = createNativeProvider();
closeServerGaps(native.configure, native.importRead);
main(native.provider, process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`pulumi-resource-kaleyra: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
