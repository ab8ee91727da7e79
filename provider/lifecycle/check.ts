import type * as dynamic from "@pulumi/pulumi/dynamic";
import { own, validateInputs } from "../rules";
import { checkSettings, resolveAccount, SettingSources } from "../settings";

/**
 * check: validates and normalizes every input with the one rule table, resolves the account
 * from args, stack config and environment, and checks every other setting (tunables,
 * switches), so a bad value fails `pulumi preview` and nothing is sent. Never calls Kaleyra
 * and never needs the API key, so it runs the same in a pull request's preview.
 */
export function check(news: Readonly<Record<string, unknown>>, sources: SettingSources): dynamic.CheckResult {
  const { inputs, failures } = validateInputs(news);
  const resolved = resolveAccount({ sid: own(news, "sid"), region: own(news, "region"), apiDomain: own(news, "apiDomain") }, sources);
  return {
    inputs: { ...inputs, ...resolved.account },
    failures: [...failures, ...resolved.failures, ...checkSettings(sources)],
  };
}
