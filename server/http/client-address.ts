import net from 'node:net';

/** Hextets kept of an IPv6 address: the first four are its /64 network. */
const IPV6_NETWORK_HEXTETS = 4;

/** The eight hextets of a valid IPv6 address (`::` expanded, an embedded IPv4 tail turned into two). */
function hextetsOf(address: string): number[] {
  let text = address;
  const ipv4Tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (ipv4Tail?.[1] !== undefined) {
    const [a = 0, b = 0, c = 0, d = 0] = ipv4Tail[1].split('.').map(Number);
    text = `${text.slice(0, -ipv4Tail[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((hextet) => parseInt(hextet, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/**
 * The key a client's address is counted under by every rate limit (login throttles, the per-address
 * budget of the public routes). An IPv4 address is its own key. An IPv6 address is grouped by its /64:
 * one subscriber usually holds a whole /64, so keying by full address would give them 2^64 budgets.
 * An IPv4 address written as IPv6 (`::ffff:a.b.c.d`, as a dual-stack socket reports it) counts as IPv4.
 * Anything unreadable is its own key.
 */
export function rateLimitKeyOf(address: string): string {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped?.[1] !== undefined) return mapped[1];
  if (net.isIPv6(bare)) {
    const network = hextetsOf(bare)
      .slice(0, IPV6_NETWORK_HEXTETS)
      .map((hextet) => hextet.toString(16))
      .join(':');
    return `${network}::/64`;
  }
  return bare;
}
