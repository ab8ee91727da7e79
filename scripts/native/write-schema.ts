/**
 * Writes schema/kaleyra.schema.json from provider/native/schema.ts (`npm run schema`). Run it
 * after changing a rule, a setting or a description, then regenerate the SDKs (`npm run sdk`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { schemaText } from "../../provider/native/schema";

const file = path.join(__dirname, "../../schema/kaleyra.schema.json");
fs.writeFileSync(file, schemaText());
process.stderr.write(`wrote ${path.relative(process.cwd(), file)}\n`);
