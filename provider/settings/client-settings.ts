import type { ClientSettings } from "../client/kaleyra-client";
import type { Account } from "./account";
import { type Settings, use } from "./reader";

/**
 * Everything a client for `account` needs: its key, every other key to mask, the tunables,
 * and a debug log when `kaleyra:debug` is on.
 *
 * @throws ConfigurationError when the account has no key or a tunable cannot be used.
 */
export function clientSettingsFor(account: Account, settings: Settings, log?: (line: string) => void): ClientSettings {
  const { tuning } = settings;
  return {
    sid: account.sid,
    apiDomain: account.apiDomain,
    apiKey: settings.apiKeys.for(account.sid),
    otherSecrets: settings.apiKeys.all,
    timeoutMs: use(tuning.timeoutMs),
    deadlineMs: use(tuning.deadlineMs),
    maxRetries: use(tuning.maxRetries),
    retryBaseMs: use(tuning.retryBaseMs),
    retryMaxDelayMs: use(tuning.retryMaxDelayMs),
    maxRetryAfterMs: use(tuning.maxRetryAfterMs),
    concurrency: use(tuning.concurrency),
    log: log ?? (settings.debug ? (line) => process.stderr.write(`${line}\n`) : undefined),
  };
}
