import type { Diagnostics } from "../../provider/engine/diagnostics";
import { ProviderContext } from "../../provider/resources/context";
import { readSettings, type Settings, type SettingSources } from "../../provider/settings";
import { SILENT } from "./diagnostics";

/** The settings a provider process would read from these sources. */
export function settingsOf(sources: SettingSources): Settings {
  return readSettings(sources);
}

/** The context of one stack run in the provider process, from these sources. */
export function contextOf(sources: SettingSources, diagnostics: Diagnostics = SILENT): ProviderContext {
  return new ProviderContext(readSettings(sources), diagnostics);
}
