import type { WhoisAnswer, WhoisLookup } from '../../ports/lookup.js';
import { DomainError } from '../../core/errors.js';

// TODO(in progress this session): RFC 3912 client.
export interface WhoisClientOptions {
  servers: Record<string, string>;
  ianaServer: string;
  timeoutMs: number;
}

export class WhoisClient implements WhoisLookup {
  constructor(private readonly options: WhoisClientOptions) {}
  async query(domain: string): Promise<WhoisAnswer> {
    throw new DomainError('upstream_unavailable', `WHOIS lookup for ${domain} is not available`);
  }
}
