/**
 * WHOIS for names hostplane does not hold: asks the TLD's WHOIS server over port 43 (RFC 3912).
 */
export interface WhoisAnswer {
  server: string;
  rawText: string;
}

export interface WhoisLookup {
  /** Raw WHOIS text for `domain` (punycode). Throws DomainError('upstream_unavailable') when no server answers. */
  query(domain: string): Promise<WhoisAnswer>;
}
