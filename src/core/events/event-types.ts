/**
 * Every event type the core records, with what it tells. A type is `<area>.<what happened>`; readers
 * (the APIs' `type` filter, webhooks' subscriptions) take only these, so a misspelt type is an error
 * rather than an empty list.
 */
export const EVENT_TYPES = {
  'account.created': 'An account was made (subject: its login name).',
  'account.updated': 'A partner changed its client\'s details.',
  'account.deleted': 'A partner deleted its client.',
  'account.disabled': 'The operator disabled the account.',
  'account.enabled': 'The operator enabled the account again.',
  'account.password_reset': 'A new password was set for the account: by the operator, or by its owner with a reset link (data.by: link).',
  'domain.ordered': 'A registration, renewal or transfer was ordered (data: kind, order_id, invoice_id, years).',
  'domain.registered': 'The registry registered the domain (data: order_id, exp_date).',
  'domain.renewed': 'The registry renewed the domain (data: order_id, years, exp_date).',
  'domain.transferred_in': 'The domain was transferred to the account, from another registrar or another of our accounts (data: order_id, exp_date).',
  'domain.order_failed': 'The registry refused an order, or it could not be carried out (data: order_id, kind, error).',
  'domain.order_cancelled': 'An unpaid registration or transfer order was cancelled, its invoice unpaid after the last reminder; nothing was registered (data: order_id, kind, invoice_id, ref_number).',
  'domain.transferred_away': 'The domain left the account, for another registrar (data.to: registrar) or another of our accounts (account).',
  'domain.expiring': 'The domain expires soon and its automatic renewal is off: a reminder, 30, 7 and 1 days before (data: days, exp_date).',
  'domain.expired': 'The domain expired without renewal.',
  'domain.redemption_started': 'The expired domain entered its redemption period.',
  'domain.deleted': 'The domain was deleted, after its expiry (data.by: expiry) or by the registry (registry).',
  'domain.updated': 'The domain\'s automatic renewal or billing contact was changed (data: renew, billing_contact_id).',
  'domain.nameservers_changed': 'The domain\'s name servers were changed (data: from, to).',
  'dns.record_created': 'A record was added to the zone (data: id, name, type, content, ttl).',
  'dns.record_updated': 'A record of the zone was changed (data: id, name, type, content, ttl).',
  'dns.record_deleted': 'A record was removed from the zone (data: id, name, type, content).',
  'invoice.created': 'An invoice was written (data: ref_number, total_cents, due_date, period).',
  'invoice.paid': 'An invoice was marked paid (data: ref_number, total_cents, payment_method, date_paid).',
  'invoice.sent': 'An invoice went to its recipient: e-mailed with its PDF (data.via: email, to) or written to the e-invoice outbox (via: einvoice, address, intermediator).',
  'invoice.overdue': 'An invoice is unpaid past its due date: a reminder (data: reminder (1 or 2), due_date, total_cents, ref_number).',
  'invoice.cancelled': 'An unpaid invoice was cancelled after its last reminder, with the orders it billed; it need not be paid (data: ref_number, total_cents, due_date, orders).',
  'contact.created': 'A contact was added.',
  'contact.updated': 'A contact was changed (data.fields: the names of the fields sent).',
  'contact.deleted': 'A contact was removed.',
  'api_key.created': 'A partner API key was added (subject: its visible prefix).',
  'api_key.revoked': 'A partner API key was revoked (subject: its visible prefix).',
  'auth.login_failed': 'A login was refused (subject: the name given; data.reason: wrong_password, disabled or unknown_name).',
  'service.created': 'A service was added: hosting, a Microsoft 365 tenant or subscription (data: kind, name).',
  'service.renewed': 'A paid renewal extended the service (data: kind, name, exp_date).',
  'service.expired': 'The service expired without renewal (data: kind, name).',
  'service.suspended': 'The service was suspended, its invoice unpaid after the last reminder (data: kind, name, invoice_id, ref_number).',
  'service.resumed': 'A service suspended for an unpaid invoice is active again, the invoice paid (data: kind, name, invoice_id).',
  'webhook.created': 'A partner added a webhook endpoint (subject: its id; data: url, events).',
  'webhook.deleted': 'A partner removed a webhook endpoint (subject: its id; data: url).',
  'webhook.test': 'A test sent with POST /webhooks/{id}/test, to that endpoint only (subject: the endpoint id).',
  'webhook.disabled': 'A webhook endpoint was disabled: failing for days, or answering 410 Gone (subject: the endpoint id; data: url, reason).',
  'm365.seats_changed': 'A Microsoft 365 subscription\'s seats were changed (subject: the subscription id; data: tenant, offer, from, to).',
} as const;

export type EventType = keyof typeof EVENT_TYPES;

export const isEventType = (value: string): value is EventType => Object.hasOwn(EVENT_TYPES, value);
