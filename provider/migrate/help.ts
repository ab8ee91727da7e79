import { flagTerm, optionRows } from "../cli/help-layout";
import { CLI_NAME } from "../cli/name";
import { MIGRATE_FLAGS } from "./flags";

/** The usage line. */
export const MIGRATE_USAGE = [
  `${CLI_NAME} migrate-to-native`,
  ...Object.entries(MIGRATE_FLAGS)
    .filter(([name]) => name !== "help")
    .map(([name, flag]) => `[${flagTerm(name, flag, false)}]`),
].join(" ");

/** `pulumi-kaleyra-flows migrate-to-native --help`. Light: the CLI's general help includes it. */
export const MIGRATE_HELP = `Usage: ${MIGRATE_USAGE}

Moves a stack's flows from the dynamic resources (pulumi-nodejs:dynamic/kaleyra:FlowMetadata
and :Flow) to the native provider's (kaleyra:index:FlowMetadata and :Flow), sending nothing to
Kaleyra. A change of provider is not an alias, so each flow is imported as the native type of
the same name and parent, by its flow id (an import reads the flow), and only once every import
succeeded does the stack lose the dynamic records (which calls no provider); each native
resource keeps the inputs its dynamic twin had, so what was unmanaged stays unmanaged:

  pulumi stack export
  pulumi import --file FILE --yes --skip-preview --protect=false --generate-code=false
  pulumi stack export
  pulumi stack import --file FINISHED       (dynamic records out, their inputs and protection in)

First change the program to declare the native resources under the same names (and make the
plugin findable: a Pulumi.yaml plugins: entry, or ${CLI_NAME} plugin install). Afterwards,
pulumi preview --expect-no-changes shows the move complete.

Options:
${optionRows(MIGRATE_FLAGS)}
An import reads with its provider's account: flows of the default provider's account
(kaleyra:sid, kaleyra:apiDomain or kaleyra:region of the stack, or KALEYRA_SID ...) need
nothing; the others need an explicit provider, named with --provider. Nothing is done when any
flow cannot be moved; the plan says why.

Exit status: 0 moved (or the dry run printed); 1 a pulumi command failed (the output says which,
and what is in the state now); 2 usage error or a flow that cannot be moved.
`;
