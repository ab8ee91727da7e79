// The native provider served by @pulumi/pulumi/provider's server exactly as the SDK ships it,
// without provider/native/server-gaps.ts: what the plugin would be without its workarounds.
// Run from the repository after `npm run build`; prints the port, like the plugin.
const { main } = require("@pulumi/pulumi/provider");
const { createNativeProvider } = require("../../dist/provider/native/provider");

main(createNativeProvider().provider, process.argv.slice(2));
