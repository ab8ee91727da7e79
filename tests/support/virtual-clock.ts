import type { Clock } from "../../provider/client/retry";

/**
 * A clock whose time moves only when the client sleeps: each sleep is recorded and returns
 * at once, so retry timing is asserted by what was asked for, never by waiting.
 */
export function virtualClock(random = 0.5): Clock & { readonly sleeps: number[] } {
  let now = 1_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    random: () => random,
  };
}
