import type { IncomingMessage } from "node:http";
import proxyAddr from "proxy-addr";

/** Decides, hop by hop, whether an address is a proxy whose X-Forwarded-For is believed. */
export type ProxyTrust = (address: string, hop: number) => boolean;

/**
 * The trust of `TRUST_PROXY`: addresses, subnets (CIDR) or the names
 * `loopback`, `linklocal`, `uniquelocal`; an empty list trusts no proxy.
 * Throws on an entry that is none of these.
 */
export function proxyTrust(trusted: string[]): ProxyTrust {
  return proxyAddr.compile(trusted);
}

/**
 * The client's address as Express sees it with the same trust (`req.ip`):
 * the socket's peer, or, when that peer is a trusted proxy, the address it
 * appended to X-Forwarded-For — walking back through trusted proxies only,
 * so that a client cannot choose its address by sending the header itself.
 */
export function clientAddress(req: IncomingMessage, trust: ProxyTrust): string {
  return proxyAddr(req, trust) || (req.socket.remoteAddress ?? "unknown");
}
