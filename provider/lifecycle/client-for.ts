import { KaleyraClient } from "../client/kaleyra-client";
import { Account, clientSettings, SettingSources } from "../settings";

/** A client for one account, with the key and tunables read from the settings now. */
export function clientFor(account: Account, sources: SettingSources): KaleyraClient {
  return new KaleyraClient(clientSettings(account, sources));
}
