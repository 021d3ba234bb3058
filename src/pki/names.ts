// The names a serving certificate is made for, and what an existing certificate covers. IPs
// are compared in the canonical form the URL parser gives them (::1 and 0:0:0:0:0:0:0:1 are
// one address), DNS names in lower case, so an unchanged set never looks changed.
import { isIP } from 'node:net';
import { ConfigError } from '../config.js';

export interface SubjectAltNames {
  dns: string[];
  ips: string[];
}

const DNS_NAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const WILDCARD_ADDRESSES = new Set(['0.0.0.0', '::']);

/** An IP as the URL parser writes it: dotted IPv4, compressed lower-case IPv6. */
export function canonicalIp(ip: string): string {
  return new URL(`http://${isIP(ip) === 6 ? `[${ip}]` : ip}/`).hostname.replace(/^\[|\]$/g, '');
}

/** Sorted and without duplicates, so two sets compare as strings. */
function normalized(dns: Iterable<string>, ips: Iterable<string>): SubjectAltNames {
  return {
    dns: [...new Set([...dns].map((name) => name.toLowerCase()))].sort(),
    ips: [...new Set([...ips].map(canonicalIp))].sort(),
  };
}

/** One name from --tls-san: an IP address or a DNS name (a leading `*.` allowed). */
export function checkSan(value: string): 'ip' | 'dns' {
  if (isIP(value)) return 'ip';
  if (value.length <= 253 && DNS_NAME.test(value.toLowerCase())) return 'dns';
  throw new ConfigError(`invalid configuration: --tls-san "${value}" is neither an IP address nor a DNS name`);
}

/**
 * localhost, 127.0.0.1, ::1, the host name, a specific --bind-address, and the --tls-san extras.
 * A host name that is not a valid DNS name (some containers have odd ones) is left out.
 */
export function servingNames(hostname: string, bindAddress: string, extras: string[]): SubjectAltNames {
  const dns = ['localhost'];
  const ips = ['127.0.0.1', '::1'];
  if (DNS_NAME.test(hostname.toLowerCase())) dns.push(hostname);
  if (isIP(bindAddress) && !WILDCARD_ADDRESSES.has(bindAddress)) ips.push(bindAddress);
  else if (!isIP(bindAddress) && DNS_NAME.test(bindAddress.toLowerCase())) dns.push(bindAddress);
  for (const extra of extras) (checkSan(extra) === 'ip' ? ips : dns).push(extra);
  return normalized(dns, ips);
}

/** What Node's X509Certificate#subjectAltName lists ("DNS:localhost, IP Address:127.0.0.1"). */
export function namesOf(subjectAltName: string | undefined): SubjectAltNames {
  const dns: string[] = [];
  const ips: string[] = [];
  for (const entry of (subjectAltName ?? '').split(', ')) {
    if (entry.startsWith('DNS:')) dns.push(entry.slice(4));
    else if (entry.startsWith('IP Address:')) ips.push(entry.slice(11));
  }
  return normalized(dns, ips);
}

export const sameNames = (a: SubjectAltNames, b: SubjectAltNames): boolean =>
  a.dns.join('\n') === b.dns.join('\n') && a.ips.join('\n') === b.ips.join('\n');
