/**
 * The discover command's help. A module of its own with no imports, so the CLI's general
 * help can include it without loading the command (which loads the HTTP client).
 */

/** The usage line. */
export const DISCOVER_USAGE =
  "pulumi-kaleyra-flows discover --waba WABA_ID [--out FILE] [--force] [--sid SID] [--region IN|SG|EU] [--api-domain DOMAIN] [--page-size N]";

/** `pulumi-kaleyra-flows discover --help`. */
export const DISCOVER_HELP = `Usage: ${DISCOVER_USAGE}

Brings an existing account under management in one command: lists every flow of a WhatsApp
Business Account through Kaleyra's "Get Flows by WABA ID" (page after page, with the after
cursor, on the account's own API origin) and writes a flows file that declares them as they
are now. Apply it with kaleyra.declareFlows("flows.yaml"): the first \`pulumi up\` sends no
update and the next \`pulumi preview\` shows no changes.

Options:
  --waba WABA_ID        the WhatsApp Business Account id, digits only (required)
  -o, --out FILE        write the flows file to FILE instead of standard output (- is
                        standard output). Written atomically: all of it or nothing
  --force               replace FILE if it exists; without it an existing FILE is never
                        touched (it may be a flows file edited by hand)
  --sid SID             the account SID; default KALEYRA_SID. Written into the file's defaults
  --region IN|SG|EU     the pod; default KALEYRA_REGION, else IN. When given (by flag or
                        KALEYRA_REGION) it is written into the file's defaults
  --api-domain DOMAIN   a host (https implied) or an origin (plain http only to this machine,
                        for the emulator) that overrides the region; default
                        KALEYRA_API_DOMAIN. Never written into the file
  --page-size N         flows per request, 1 to 100; default: Kaleyra's
  -h, --help            show this help

Environment:
  KALEYRA_API_KEY_<SID>, then KALEYRA_API_KEY
                        the API key. Only from the environment: a flag such as --api-key is
                        refused, since flags end up in shell history and process lists
  KALEYRA_SID, KALEYRA_REGION, KALEYRA_API_DOMAIN
                        defaults of --sid, --region and --api-domain
  KALEYRA_TIMEOUT_MS, KALEYRA_DEADLINE_MS, KALEYRA_MAX_RETRIES, KALEYRA_RETRY_BASE_MS,
  KALEYRA_RETRY_MAX_DELAY_MS, KALEYRA_MAX_RETRY_AFTER_MS, KALEYRA_CONCURRENCY
                        timeouts, retries and concurrency, as for the provider (see README,
                        Configuration); checked as strictly
  KALEYRA_DEBUG=1       one line per HTTP attempt on standard error (never the key)

The file (flows file version 1; check it with "pulumi-kaleyra-flows validate FILE"):
  - a header saying what wrote it, for which WABA and account, and what to run next;
  - defaults: the SID (and the region, when given);
  - one entry per flow, sorted by resource name: a slug of the flow's name (lower-case
    letters, digits and -, at most 60 characters, -2, -3 for repeats; flow-<id> when the
    name gives none), the flow id quoted, its status in a comment;
  - name, categories and endpointUri exactly as Kaleyra holds them. A value the package's
    own rules would refuse or change (control characters or over 200 characters in a name,
    white space around it, a name another flow has, an unknown category, an endpoint that
    is not a canonical public https URL) is left unmanaged, with a comment saying why;
  - DEPRECATED and BLOCKED flows (they cannot take changes) and flows with nothing left to
    manage are left out, each named in a comment at the end.

Progress (pages read, flows found) goes to standard error; the file to FILE or standard
output, only once every page has been read.

Exit status: 0 the whole file was written (or printed); 1 Kaleyra or the network failed, or
the WABA has no flow to manage, and nothing was written; 2 usage error (unknown or repeated
option, missing --waba, SID or API key, a bad value, FILE exists without --force).
`;
