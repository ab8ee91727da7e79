/**
 * Where a URL's host points, as far as the text tells: enough to refuse endpoints Meta cannot
 * reach (loopback, private, link-local) and to allow plain http only to this machine.
 * Hostnames are classified by name only; nothing is resolved.
 */

/** What kind of address a host is. `public` means nothing in the text says otherwise. */
export type HostKind = "public" | "loopback" | "private" | "link-local" | "unspecified" | "reserved" | "local-name";

/**
 * Classifies a URL's `hostname` as the WHATWG URL parser gives it (IPv4 in dotted decimal,
 * IPv6 in brackets, names in lower case and punycode).
 */
export function classifyHost(hostname: string): HostKind {
  if (hostname.startsWith("[") && hostname.endsWith("]")) return classifyIpv6(hostname.slice(1, -1));
  const v4 = parseIpv4(hostname);
  if (v4) return classifyIpv4(v4);
  const name = hostname.replace(/\.$/, "");
  if (name === "localhost" || name.endsWith(".localhost")) return "loopback";
  // mDNS (.local, RFC 6762), private-use names (.internal, ICANN 2024; .home.arpa, RFC 8375;
  // .lan by custom), a name that can never resolve (.invalid, RFC 2606) and single-label
  // names resolve, if at all, only inside one network: Meta's servers cannot reach them.
  if (/\.(local|internal|lan|invalid)$/.test(name) || name.endsWith(".home.arpa") || !name.includes("."))
    return "local-name";
  return "public";
}

/** True for 127.0.0.0/8, ::1 and `localhost`: the only hosts plain http may go to. */
export function isLoopbackHost(hostname: string): boolean {
  if (hostname === "localhost") return true;
  if (hostname === "[::1]") return true;
  const v4 = parseIpv4(hostname);
  return v4 !== undefined && v4[0] === 127;
}

function parseIpv4(text: string): number[] | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p))) return undefined;
  const octets = parts.map(Number);
  return octets.every((o) => o <= 255) ? octets : undefined;
}

function classifyIpv4([a, b, c]: number[]): HostKind {
  if (a === 127) return "loopback";
  if (a === 0) return "unspecified";
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return "private";
  if (a === 100 && b >= 64 && b <= 127) return "private"; // carrier-grade NAT, RFC 6598
  if (a === 169 && b === 254) return "link-local";
  // IETF protocol assignments, documentation nets, benchmarking, multicast and class E.
  if (
    (a === 192 && b === 0 && (c === 0 || c === 2)) ||
    (a === 198 && (b === 18 || b === 19)) ||
    (a === 198 && b === 51 && c === 100) ||
    (a === 203 && b === 0 && c === 113) ||
    a >= 224
  ) {
    return "reserved";
  }
  return "public";
}

function classifyIpv6(text: string): HostKind {
  const groups = expandIpv6(text);
  if (!groups) return "reserved";
  if (groups.every((g) => g === 0)) return "unspecified";
  if (groups.slice(0, 7).every((g) => g === 0) && groups[7] === 1) return "loopback";
  // IPv4-mapped (::ffff:a.b.c.d): as the IPv4 address it carries.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return classifyIpv4([groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff]);
  }
  if ((groups[0] & 0xfe00) === 0xfc00) return "private"; // unique local, fc00::/7
  if ((groups[0] & 0xffc0) === 0xfe80) return "link-local"; // fe80::/10
  if ((groups[0] & 0xff00) === 0xff00) return "reserved"; // multicast
  if (groups[0] === 0x2001 && groups[1] === 0x0db8) return "reserved"; // documentation
  return "public";
}

/** The eight 16-bit groups of an IPv6 address as the URL parser prints it (compressed, hex). */
function expandIpv6(text: string): number[] | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const parse = (part: string) => (part === "" ? [] : part.split(":").map((g) => parseInt(g, 16)));
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? head.length !== 8 : missing < 0) return undefined;
  const groups = [...head, ...new Array(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}
