/**
 * The dynamic provider of Flow: what the Flow's shim (shim.ts) loads by package name
 * (`pulumi-kaleyra-flows/flow-runtime`) in the dynamic-provider process. The host keeps one
 * provider per `__provider` text, so FlowMetadata's (runtime.ts) and this one are configured
 * separately, with the same settings; each account's limiter is shared by both
 * (client/limiter.ts), so concurrency is capped across every flow of the run.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { ProcessContext } from "./resources/context";
import * as flow from "./resources/flow";
import { SERIALIZED_FLOW_PROVIDER } from "./shim";

const context = new ProcessContext();
const current = () => context.current;

const flowRuntime = {
  /** Reads every setting once, from the stack's decrypted config and the environment. */
  async configure(req: dynamic.ConfigureRequest): Promise<void> {
    context.configure(req.config);
  },
  async check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.CheckResult> {
    const { settings, diagnostics } = current();
    return flow.check(olds, news, settings, diagnostics);
  },
  async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.DiffResult> {
    return flow.diff(olds, news, current().diagnostics);
  },
  async create(inputs: Record<string, unknown>): Promise<dynamic.CreateResult> {
    return withLoaderOnFailure(() => flow.create(inputs, current()));
  },
  async update(
    _id: string,
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
  ): Promise<dynamic.UpdateResult> {
    return withLoaderOnFailure(() => flow.update(olds, news, current()));
  },
  async read(id: string, props: Record<string, unknown>): Promise<dynamic.ReadResult> {
    return flow.read(id, props, current());
  },
  async delete(id: string, props: Record<string, unknown>): Promise<void> {
    return flow.remove(id, props, current());
  },
} satisfies dynamic.ResourceProvider;

/**
 * A step that failed after the flow changed carries the state the flow is now in
 * (`properties`), which the host stores as the outputs as they are: the loader must be among
 * them, or the resource would lose its provider.
 */
async function withLoaderOnFailure<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const properties = (error as { properties?: unknown }).properties;
    if (typeof properties === "object" && properties !== null) {
      Object.assign(properties, { __provider: SERIALIZED_FLOW_PROVIDER });
    }
    throw error;
  }
}

export = flowRuntime;
