import type { Contact, Domain, Invoice, InvoiceItem, User } from '../ports/store.js';
import { dunningStageName } from '../core/lifecycle/dunning-policy.js';
import type { UserSummary } from '../core/accounts/list-users.js';
import { domainNameservers } from '../core/domains/nameserver-list.js';
import type { RegistryConfig } from '../ports/store/registries.js';
import { contactRolesOf } from '../core/registries/registry-rules.js';
import { hostPort } from '../main.js';
import type { PaymentWithDue } from '../core/payments/list-payments.js';

/**
 * The JSON shapes of the operator's objects, one per kind, shared by the list and show commands so a
 * script reads a user, domain or invoice the same way wherever it comes from. Money is in euros.
 */

export const userView = (u: UserSummary | User) => ({
  id: u.id,
  username: u.username,
  email: u.email,
  name: u.name,
  postpaid: u.postpaid === 1,
  partner_id: u.partner_id,
  client_type: u.client_type,
  created_at: u.created_at,
  deleted_at: u.deleted_at ?? null,
  disabled_at: u.disabled_at ?? null,
});

/** "matti (Matti Meikäläinen, matti@example.fi, prepaid)": who an account is, on one line. */
export const userLine = (u: UserSummary | User): string =>
  `${u.username} (${[u.name, u.email, u.postpaid ? 'postpaid' : 'prepaid', u.disabled_at ? `disabled ${u.disabled_at}` : '']
    .filter(Boolean).join(', ')})`;

export const domainView = (d: Domain, owner?: Pick<User, 'username'>) => ({
  id: d.id,
  name: d.fqdn,
  name_unicode: d.fqdn_unicode,
  user_id: d.user_id,
  username: owner?.username ?? null,
  status: d.status,
  reg_date: d.reg_date,
  exp_date: d.exp_date,
  renew: d.renew === 1,
  nameservers: domainNameservers(d),
  created_at: d.created_at,
});

export const contactView = (c: Contact) => ({
  id: c.id,
  first_name: c.first_name,
  last_name: c.last_name,
  company_name: c.company_name,
  email: c.email,
  phone: c.phone,
  address: c.address,
  zip_code: c.zip_code,
  city: c.city,
  country: c.country,
});

export const invoiceView = (i: Invoice, items: InvoiceItem[], owner?: Pick<User, 'username'>) => ({
  id: i.id,
  user_id: i.user_id,
  username: owner?.username ?? null,
  ref_number: i.ref_number,
  date: i.date,
  due_date: i.due_date,
  period: i.period,
  sub_total: items.reduce((sum, l) => sum + l.sub_total_cents, 0) / 100,
  vat: items.reduce((sum, l) => sum + l.total_cents - l.sub_total_cents, 0) / 100,
  total: i.total_cents / 100,
  paid: i.paid === 1,
  date_paid: i.date_paid,
  payment_method: i.payment_method,
  delivery_method: i.delivery_method,
  // How far the chase of it unpaid has gone (none, reminder 1, reminder 2, final, cancelled) and when.
  dunning_stage: dunningStageName(i.dunning_stage),
  dunning_at: i.dunning_at,
  recipient: recipientOf(i),
  items: items.map((l) => ({
    description: l.description, qty: l.qty, sub_total: l.sub_total_cents / 100, tax_rate: l.tax_rate_bp / 100,
    vat: (l.total_cents - l.sub_total_cents) / 100, total: l.total_cents / 100,
  })),
});

/** How far an unpaid invoice's chase has gone, for a table: "reminder 2 (2026-04-01)". */
export const dunningOf = (i: Invoice): string =>
  i.dunning_at === null ? dunningStageName(i.dunning_stage) : `${dunningStageName(i.dunning_stage)} (${i.dunning_at.slice(0, 10)})`;

/** Who an invoice is to, for the operator: the person, the company, or both ("Reseller Oy" for a partner). */
export function recipientOf(i: { recipient_name: string; recipient_company_name: string }): string {
  return [i.recipient_company_name, i.recipient_name].filter(Boolean).join(' / ');
}

/**
 * A configured registry as the operator reads it: where it is, who we are there, and the paths of its
 * secret files, never their contents (the store has none to give).
 */
export const registryView = (r: RegistryConfig, tlds: string[]) => ({
  name: r.name,
  tlds,
  host: r.host,
  port: r.port,
  username: r.username,
  password_file: r.password_file,
  ca_file: r.ca_file,
  cert_file: r.cert_file,
  key_file: r.key_file,
  sessions: r.sessions,
  commands_per_second: r.commands_per_second,
  nameserver_style: r.nameserver_style,
  contact_roles: contactRolesOf(r.contact_roles),
  created_at: r.created_at,
  updated_at: r.updated_at,
});

/** The lines `registries list` and `registries add` print for one registry. */
export function registryLines(r: RegistryConfig, tlds: string[]): string[] {
  const roles = contactRolesOf(r.contact_roles);
  return [
    `${r.name}  ${tlds.map((t) => `.${t}`).join(', ')}  ${hostPort(r.host, r.port)}  as ${r.username}`,
    `  ${r.sessions} session${r.sessions === 1 ? '' : 's'}, ${r.commands_per_second ? `at most ${r.commands_per_second} commands/s` : 'no rate limit'}, ` +
      `name servers as ${r.nameserver_style}, contacts: registrant${roles.map((role) => `, ${role}`).join('')}`,
    `  password file ${r.password_file}`,
    ...(r.ca_file ? [`  CA            ${r.ca_file}`] : []),
    ...(r.cert_file ? [`  certificate   ${r.cert_file}`, `  key           ${r.key_file}`] : []),
  ];
}

/** A payment as the operator's JSON shows it: euros as numbers, like `invoices list`. */
export const paymentView = (p: PaymentWithDue) => ({
  id: p.id,
  status: p.status,
  reason: p.reason,
  invoice_id: p.invoice_id,
  amount: p.amount_cents / 100,
  currency: p.currency,
  excess: p.excess_cents / 100,
  invoice_due: p.invoice_due_cents === null ? null : p.invoice_due_cents / 100,
  invoice_paid: p.invoice_paid,
  booked_on: p.booked_on,
  reference: p.reference,
  debtor: p.debtor,
  account: p.account,
  bank_ref: p.bank_ref,
  file_name: p.file_name,
  imported_at: p.imported_at,
});
