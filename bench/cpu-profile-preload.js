// @ts-check
/**
 * Preloaded (`node --require`) into every node process of a timed up when BENCH_CPU_PROF_DIR
 * is set (see scenarios/up-runs.ts): in the dynamic-provider process only, it records a V8
 * CPU profile from start-up to exit and writes it to BENCH_CPU_PROF_DIR/provider-<pid>.cpuprofile.
 * Every other process is left alone. The inspector session is in-thread, so the profile can
 * be taken synchronously on `exit`, and on the signals the engine may stop the host with.
 * Summarize it with `node bench/profile-summary.js FILE`.
 */
const dir = process.env.BENCH_CPU_PROF_DIR;
if (dir && /dynamic-provider/.test(process.argv[1] ?? "")) {
  const fs = require("node:fs");
  const path = require("node:path");
  const inspector = require("node:inspector");
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: 1000 });
  session.post("Profiler.start");
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    session.post("Profiler.stop", (error, result) => {
      if (!error)
        fs.writeFileSync(path.join(dir, `provider-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  };
  process.on("exit", write);
  for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) {
    process.once(signal, () => {
      write();
      process.kill(process.pid, signal);
    });
  }
}
