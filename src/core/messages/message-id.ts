/**
 * A message's Message-ID (RFC 5322 3.6.4), derived from what it tells and never random: the event and
 * template (`<event-42.invoice_created@example.net>`), a notification's job, a reset token's row. A
 * job run again sends the same Message-ID, so the store (mail_sent) and the receiving side can both
 * tell a second copy for what it is. The domain is the From address's.
 */
export function messageIdOf(kind: 'event' | 'notification' | 'reset', id: number, template: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';
  return `<${kind}-${id}.${template}@${domain}>`;
}
