/**
 * The settings table of docs/configuration.md, made from the one settings table
 * (provider/settings/table.ts), so the page cannot drift from what the package reads:
 *
 *   TS_NODE_TRANSPILE_ONLY=true node -r ts-node/register scripts/docs/configuration-table.ts
 *
 * tests/unit/configuration-table.test.ts fails when the page holds another table.
 */
import { ACCOUNT_SETTINGS, type AccountSetting, TUNING, type TuningSetting } from "../../provider/settings/table";

const code = (text: string) => `\`${text}\``;

function accountRow(setting: AccountSetting): string {
  const secret = setting.kind === "secret" ? "Secret: " : setting.kind === "secret-map" ? "Secret map: " : "";
  const arg = setting.arg ? ` Resource arg ${code(setting.arg)}.` : "";
  const shown =
    setting.shownDefault === undefined
      ? ""
      : /^\(/.test(setting.shownDefault)
        ? setting.shownDefault
        : code(setting.shownDefault);
  return row(code(setting.key), code(setting.env), shown, `${secret}${setting.meaning}${arg}`);
}

function tuningRow(setting: TuningSetting): string {
  return row(
    code(setting.key),
    code(setting.env),
    String(setting.default),
    `${setting.meaning} From ${setting.min} to ${setting.max}.`,
  );
}

function row(...cells: string[]): string {
  return `| ${cells.join(" | ")} |`;
}

/** The Markdown table: one row per setting, in the settings table's order. */
export function configurationTable(): string {
  return [
    row("Config key", "Environment variable", "Default", "Meaning"),
    "|---|---|---|---|",
    ...Object.values<AccountSetting>(ACCOUNT_SETTINGS).map(accountRow),
    ...Object.values<TuningSetting>(TUNING).map(tuningRow),
  ].join("\n");
}

if (require.main === module) process.stdout.write(`${configurationTable()}\n`);
