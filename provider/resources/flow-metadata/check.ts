import type * as dynamic from "@pulumi/pulumi/dynamic";
import { own, validateInputs } from "../../rules";
import { resolveAccount, type Settings } from "../../settings";

/**
 * check: validates and normalizes every input with the one rule table, resolves the account
 * from args and the settings, and reports every setting that cannot be used, so a bad value
 * fails `pulumi preview` and nothing is sent. Never calls Kaleyra and never needs the API
 * key, so it runs the same in a pull request's preview.
 */
export function check(news: Readonly<Record<string, unknown>>, settings: Settings): dynamic.CheckResult {
  const { inputs, failures } = validateInputs(news);
  const args = { sid: own(news, "sid"), region: own(news, "region"), apiDomain: own(news, "apiDomain") };
  const resolved = resolveAccount(args, settings);
  return {
    inputs: { ...inputs, ...resolved.inputs },
    failures: [...failures, ...resolved.failures, ...settings.failures],
  };
}
