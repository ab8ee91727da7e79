import * as fs from "node:fs";
import * as path from "node:path";
import { configurationTable } from "../../scripts/docs/configuration-table";
import { SETTINGS } from "../../provider/settings";

const page = fs.readFileSync(path.join(__dirname, "../../docs/configuration.md"), "utf8");

test("docs/configuration.md holds the table made from the settings table", () => {
  expect(page).toContain(configurationTable());
});

test("the table has a row for every setting, by config key and variable", () => {
  const table = configurationTable();
  for (const setting of SETTINGS) expect(table).toContain(`| \`${setting.key}\` | \`${setting.env}\` |`);
  expect(table.split("\n")).toHaveLength(SETTINGS.length + 2);
});
