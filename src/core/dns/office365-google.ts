import type { DnsRecord } from '../../ports/store.js';
import { normalizeHost } from './nameservers.js';
import { ownerOf } from './plan-change.js';

/**
 * Which of the records Microsoft 365 and Google Workspace ask a domain to publish are present in
 * zone `zone`. Targets as the two publish them (Microsoft's "External DNS records for Microsoft 365"
 * and domain setup pages; Google's "Google Workspace MX record values" and SPF pages):
 * - Microsoft: MX <domain with dots as dashes>.mail.protection.outlook.com; CNAME autodiscover ->
 *   autodiscover.outlook.com, sip -> sipdir.online.lync.com, lyncdiscover -> webdir.online.lync.com,
 *   msoid -> clientconfig.microsoftonline-p.net, enterpriseregistration -> enterpriseregistration.windows.net,
 *   enterpriseenrollment -> enterpriseenrollment.manage.microsoft.com; SPF include:spf.protection.outlook.com;
 *   SRV _sip._tls -> sipdir.online.lync.com:443, _sipfederationtls._tcp -> sipfed.online.lync.com:5061.
 * - Google: MX aspmx.l.google.com and alt1..alt4.aspmx.l.google.com; SPF include:_spf.google.com.
 * A record counts when its name, type and target match (and the port for SRV); TTLs and MX/SRV
 * priorities are the customer's business. Host names compare case-insensitively, trailing dot or not.
 */

export interface Office365Records {
  mx: { mail: boolean };
  cname: {
    autodiscover: boolean;
    sip: boolean;
    lyncdiscover: boolean;
    msoid: boolean;
    enterpriseregistration: boolean;
    enterpriseenrollment: boolean;
  };
  txt: { spf: boolean };
  srv: { sip: boolean; sipfederationtls: boolean };
}

export interface GoogleRecords {
  mx: { aspmx: boolean; alt1: boolean; alt2: boolean; alt3: boolean; alt4: boolean };
  txt: { spf: boolean };
}

const OFFICE365_CNAMES = {
  autodiscover: 'autodiscover.outlook.com',
  sip: 'sipdir.online.lync.com',
  lyncdiscover: 'webdir.online.lync.com',
  msoid: 'clientconfig.microsoftonline-p.net',
  enterpriseregistration: 'enterpriseregistration.windows.net',
  enterpriseenrollment: 'enterpriseenrollment.manage.microsoft.com',
} as const;

/**
 * Whether an apex TXT record is an SPF policy (RFC 7208 4.5: starts with "v=spf1") that includes
 * `domain`. Quotes and the splitting of long texts into strings are tolerated.
 */
function spfIncludes(records: DnsRecord[], zone: string, domain: string): boolean {
  return records.some((r) => {
    if (r.type !== 'TXT' || r.name !== zone) return false;
    const terms = r.content.replace(/"\s*"/g, '').replace(/"/g, '').trim().toLowerCase().split(/\s+/);
    return terms[0] === 'v=spf1' && terms.some((t) => t.replace(/^[+?~-]/, '') === `include:${domain}`);
  });
}

const has = (records: DnsRecord[], type: string, name: string, target: string, port?: number): boolean =>
  records.some(
    (r) => r.type === type && ownerOf(r) === name && normalizeHost(r.content) === target && (port === undefined || r.port === port),
  );

export function office365Records(zone: string, records: DnsRecord[]): Office365Records {
  const cname = Object.fromEntries(
    Object.entries(OFFICE365_CNAMES).map(([label, target]) => [label, has(records, 'CNAME', `${label}.${zone}`, target)]),
  ) as Office365Records['cname'];
  return {
    mx: { mail: has(records, 'MX', zone, `${zone.replace(/\./g, '-')}.mail.protection.outlook.com`) },
    cname,
    txt: { spf: spfIncludes(records, zone, 'spf.protection.outlook.com') },
    srv: {
      sip: has(records, 'SRV', `_sip._tls.${zone}`, 'sipdir.online.lync.com', 443),
      sipfederationtls: has(records, 'SRV', `_sipfederationtls._tcp.${zone}`, 'sipfed.online.lync.com', 5061),
    },
  };
}

export function googleRecords(zone: string, records: DnsRecord[]): GoogleRecords {
  const mx = (host: string) => has(records, 'MX', zone, host);
  return {
    mx: {
      aspmx: mx('aspmx.l.google.com'),
      alt1: mx('alt1.aspmx.l.google.com'),
      alt2: mx('alt2.aspmx.l.google.com'),
      alt3: mx('alt3.aspmx.l.google.com'),
      alt4: mx('alt4.aspmx.l.google.com'),
    },
    txt: { spf: spfIncludes(records, zone, '_spf.google.com') },
  };
}
