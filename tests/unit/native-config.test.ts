/**
 * The native provider's configuration (Configure's args) read as the `kaleyra:*` config the
 * settings reader expects, in the forms the engine and the SDKs send it.
 */
import { configSourceOf } from "../../provider/native/config";
import { readSettings } from "../../provider/settings";

const secret = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });

test("each provider input is the kaleyra:* config of its name; secrets unwrapped, inside maps too", () => {
  const config = configSourceOf(
    { sid: "HXAP16DEMO0097IN", apiKey: secret("key-1"), apiKeys: secret({ HXEU16DEMO0042EU: secret("key-2") }) },
    undefined,
  );
  expect(config.get("kaleyra:sid")).toBe("HXAP16DEMO0097IN");
  expect(config.get("kaleyra:apiKey")).toBe("key-1");
  expect(config.get("kaleyra:apiKeys")).toBe('{"HXEU16DEMO0042EU":"key-2"}');
  expect(config.get("kaleyra:region")).toBeUndefined();
  expect(config.get("other:sid")).toBeUndefined();
});

test("typed values (booleans, numbers) and the JSON text SDKs send for them read the same", () => {
  for (const args of [
    { allowPublishedUpdate: true, concurrency: 4 },
    { allowPublishedUpdate: "true", concurrency: "4" },
  ]) {
    const settings = readSettings({ config: configSourceOf(args, undefined), env: {} });
    expect(settings.failures).toEqual([]);
    expect(settings.allowPublishedUpdate).toMatchObject({ ok: true, value: true });
    expect(settings.tuning.concurrency).toMatchObject({ ok: true, value: 4 });
  }
});

test("without args, the engine's variables (kaleyra:config:<key>) are read", () => {
  const config = configSourceOf(undefined, new Map([["kaleyra:config:sid", "HXAP16DEMO0097IN"]]));
  expect(config.get("kaleyra:sid")).toBe("HXAP16DEMO0097IN");
  expect(config.get("kaleyra:region")).toBeUndefined();
});

test("a key such as __proto__ is only text", () => {
  const config = configSourceOf(JSON.parse('{"__proto__": "x"}'), undefined);
  expect(config.get("kaleyra:__proto__")).toBe("x");
  expect(config.get("kaleyra:toString")).toBeUndefined();
});
