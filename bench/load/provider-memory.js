// @ts-check
/**
 * MEM's look inside the provider's code: runs FlowMetadata's `check` then `create` (Get Flow
 * Details, then Update Flow Metadata, since every flow differs) for N flows, C at a time, in
 * this process, as the dynamic-provider process runs them; then collects garbage and prints
 * one JSON line: `{heapKeptMiB, peakRssMiB, requests}`. Mode `check` runs `check` alone (no
 * request): the baseline, what the loop and the inputs cost.
 *
 * Plain JavaScript, run with `node --expose-gc`, not through ts-node: the TypeScript compiler
 * would sit in the very heap this measures. The emulator runs in the bench process.
 *
 *   node --expose-gc bench/load/provider-memory.js '{"mode":"create","url":...,"sid":...,"apiKey":...,"flowIds":[...],"revision":7,"concurrency":8}'
 */
const fs = require("node:fs");
const path = require("node:path");

/** @typedef {{ mode: "create" | "check", url: string, sid: string, apiKey: string, flowIds: string[], revision: number, concurrency: number }} Spec */

/** @param {Spec} spec */
async function main(spec) {
  Object.assign(process.env, { KALEYRA_API_DOMAIN: spec.url, KALEYRA_SID: spec.sid, KALEYRA_API_KEY: spec.apiKey });
  // The compiled package, as the dynamic-provider process loads it.
  const runtime = require(path.resolve(__dirname, "../../dist/provider/runtime"));
  await runtime.configure({ config: { get: () => undefined } });
  let next = 0;
  const worker = async () => {
    while (next < spec.flowIds.length) {
      const i = next++;
      const checked = await runtime.check(
        {},
        {
          flowId: spec.flowIds[i],
          name: `Bench flow ${i + 1} r${spec.revision}`,
          categories: ["OTHER"],
          endpointUri: `https://example.com/flows/${i + 1}`,
        },
      );
      if (checked.failures?.length) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
      if (spec.mode === "create") await runtime.create(checked.inputs);
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, worker));
  const status = fs.readFileSync("/proc/self/status", "utf8");
  const peakKiB = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
  // Twice: a first full collection can leave what finalizers free for the second.
  const gc = /** @type {() => void} */ (global.gc);
  gc();
  gc();
  return { heapKeptMiB: process.memoryUsage().heapUsed / 2 ** 20, peakRssMiB: peakKiB / 1024 };
}

main(JSON.parse(process.argv[2])).then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0); // keep-alive sockets would hold the process open
  },
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
