/**
 * The dynamic provider of FlowMetadata: what shim.ts's `handler()` returns, loaded by package
 * name (`pulumi-kaleyra-flows/runtime`) in the dynamic-provider process. Its exports are
 * exactly the dynamic provider's methods.
 *
 * It runs in the dynamic-provider process, one per stack run and shared by every dynamic
 * resource: the stack config given to `configure` lives here (never in state), the client's
 * per-account limiters, at module level, cap concurrency across all flows, and warnings go
 * to the engine through one connection (engine/diagnostics.ts).
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { ENGINE_DIAGNOSTICS } from "./engine/diagnostics";
import * as lifecycle from "./lifecycle";
import { ConfigSource, SettingSources } from "./settings";

let stackConfig: ConfigSource | undefined;

/** Settings are read per call: a key rotated in the environment takes effect at once. */
function sources(): SettingSources {
  return { config: stackConfig, env: process.env };
}

/** Keeps the stack's decrypted config in this process only, for settings and API keys. */
export async function configure(req: dynamic.ConfigureRequest): Promise<void> {
  stackConfig = req.config;
}

/** See {@link lifecycle.check}. */
export async function check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.CheckResult> {
  return lifecycle.check(news, sources());
}

/** See {@link lifecycle.diff}. */
export async function diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.DiffResult> {
  return lifecycle.diff(olds, news, ENGINE_DIAGNOSTICS);
}

/** See {@link lifecycle.create}. */
export async function create(inputs: Record<string, unknown>): Promise<dynamic.CreateResult> {
  return lifecycle.create(inputs, sources(), ENGINE_DIAGNOSTICS);
}

/** See {@link lifecycle.update}. */
export async function update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.UpdateResult> {
  return lifecycle.update(olds, news, sources(), ENGINE_DIAGNOSTICS);
}

/** See {@link lifecycle.read}. */
export async function read(id: string, props: Record<string, unknown>): Promise<dynamic.ReadResult> {
  return lifecycle.read(id, props, sources());
}

/** Flow metadata cannot be deleted: the flow stays on Kaleyra as it is; only state forgets it. */
async function delete_(): Promise<void> {
  // Nothing to call.
}
export { delete_ as delete };
