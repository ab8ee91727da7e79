/** The command's name, as package.json's `bin` installs it; every message and help text starts with it. */
export const CLI_NAME = "pulumi-kaleyra-flows";
