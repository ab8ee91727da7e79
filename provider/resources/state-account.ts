import { own } from "../rules";
import { type Account, resolveAccount, type Settings } from "../settings";

type Props = Readonly<Record<string, unknown>>;

/**
 * The account of old state (a FlowMetadata's or a Flow's): its own fields when present and
 * valid, else from the settings, as for a new resource. None found is an error, never the
 * text "undefined" in a URL.
 */
export function accountOfState(
  props: Props,
  settings: Settings,
  fail: (field: string, problem: string, fix: string) => never,
): Account {
  const resolved = resolveAccount(
    { sid: own(props, "sid"), region: own(props, "region"), apiDomain: own(props, "apiDomain") },
    settings,
  );
  const fix = "Set the account in the program (sid, region, apiDomain) or stack config, then run `pulumi up`.";
  for (const failure of resolved.failures)
    fail(failure.property || "account", `cannot be used: ${failure.reason}`, fix);
  return (
    resolved.account ??
    fail(
      "account",
      "is incomplete",
      "Set kaleyra:sid (or the resource's sid) and kaleyra:region or kaleyra:apiDomain, then run `pulumi up`.",
    )
  );
}
