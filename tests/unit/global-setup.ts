import { provideActionlint } from "../support/actionlint";

/**
 * Once per unit run, before any test's clock starts: provide actionlint, which the first
 * run on a machine builds from the Go module proxy (network, a minute or more).
 */
export default function globalSetup(): void {
  provideActionlint();
}
