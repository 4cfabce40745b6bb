/**
 * WHOIS for names hostplane does not hold: asks the TLD's WHOIS server over port 43 (RFC 3912).
 */
export interface WhoisAnswer {
  kind: 'answer';
  /** The server that answered, as "host" or "host:port". */
  server: string;
  rawText: string;
}

/**
 * The TLD has no WHOIS service to ask: `unknown_tld` when the root zone has no such TLD (IANA holds
 * no object for it), `no_server` when the TLD exists but IANA lists no WHOIS server for it.
 */
export interface WhoisNoService {
  kind: 'unknown_tld' | 'no_server';
}

export interface WhoisLookup {
  /** Raw WHOIS text for `domain` (punycode). Throws DomainError('upstream_unavailable') when no server answers. */
  query(domain: string): Promise<WhoisAnswer | WhoisNoService>;
}
