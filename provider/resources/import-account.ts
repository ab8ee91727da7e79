import { ConfigurationError } from "../errors";
import { checkFlowId } from "../rules";
import { type Account, resolveAccount, type Settings } from "../settings";

/**
 * The account an import reads from: the provider's configuration alone, since an import
 * names only the flow id. A bad id or an incomplete account is an error naming what to fix;
 * nothing is sent.
 *
 * @throws ConfigurationError
 */
export function accountForImport(id: string, settings: Settings): Account {
  const flowId = checkFlowId(id);
  if (!flowId.ok) {
    throw new ConfigurationError(
      "id",
      `cannot import ${JSON.stringify(id)}: ${flowId.reason}`,
      "give the flow id as the import id, e.g. `pulumi import kaleyra:index:FlowMetadata sign-up 1234567890123456`.",
    );
  }
  const resolved = resolveAccount({}, settings);
  const failure = [...resolved.failures, ...settings.failures][0];
  if (failure || !resolved.account) {
    throw new ConfigurationError(
      failure?.property || "kaleyra:sid",
      `cannot import flow ${id}: the provider's account is not complete`,
      `${failure?.reason ?? "set kaleyra:sid, and kaleyra:region or kaleyra:apiDomain."} Nothing was sent.`,
    );
  }
  return resolved.account;
}
