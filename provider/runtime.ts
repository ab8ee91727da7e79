/**
 * The dynamic provider of FlowMetadata: what shim.ts's `handler()` returns, loaded by package
 * name (`pulumi-kaleyra-flows/runtime`) in the dynamic-provider process. It is exactly the
 * dynamic provider's methods, checked against Pulumi's ResourceProvider.
 *
 * It runs in the dynamic-provider process, one per stack run and shared by every dynamic
 * resource: the settings are read once per `configure` (the stack config lives here, never
 * in state), each account's client is made once, and warnings go to the engine through one
 * connection (engine/diagnostics.ts).
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { ProcessContext } from "./resources/context";
import * as flowMetadata from "./resources/flow-metadata";

const context = new ProcessContext();
const current = () => context.current;

const runtime = {
  /** Reads every setting once, from the stack's decrypted config and the environment. */
  async configure(req: dynamic.ConfigureRequest): Promise<void> {
    context.configure(req.config);
  },
  async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.CheckResult> {
    return flowMetadata.check(news, current().settings);
  },
  async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.DiffResult> {
    return flowMetadata.diff(olds, news, current().diagnostics);
  },
  async create(inputs: Record<string, unknown>): Promise<dynamic.CreateResult> {
    return flowMetadata.create(inputs, current());
  },
  async update(
    _id: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
  ): Promise<dynamic.UpdateResult> {
    return flowMetadata.update(olds, news, current());
  },
  async read(id: string, props: Record<string, unknown>): Promise<dynamic.ReadResult> {
    return flowMetadata.read(id, props, current());
  },
  /** Flow metadata cannot be deleted: the flow stays on Kaleyra as it is; only state forgets it. */
  async delete(): Promise<void> {
    return flowMetadata.remove();
  },
} satisfies dynamic.ResourceProvider;

export = runtime;
