import type { Translator } from '../i18n/index.js';
import type { MessageKey } from '../i18n/en.js';

/** A YYYY-MM-DD date as the language writes it (Finnish 1.3.2026, English 2026-03-01). */
export function formatDate(t: Translator, date: string | null): string {
  if (!date) return '–';
  const [y, m, d] = date.slice(0, 10).split('-');
  return t.lang === 'fi' ? `${Number(d)}.${Number(m)}.${y}` : date.slice(0, 10);
}

/** Cents as euros in the language's way (12,40 € / €12.40). */
export function formatMoney(t: Translator, cents: number): string {
  const euros = (cents / 100).toFixed(2);
  return t.lang === 'fi' ? `${euros.replace('.', ',')} €` : `€${euros}`;
}

const STATUS_KEYS: Record<string, MessageKey> = {
  active: 'status.active',
  pending: 'status.pending',
  expired: 'status.expired',
  redemption: 'status.redemption',
  pending_transfer: 'status.pendingTransfer',
  inactive: 'status.inactive',
  suspended: 'status.suspended',
};

/** A domain's or a service's status in the language; one without a translation is shown as the store has it. */
export const formatStatus = (t: Translator, status: string): string => (STATUS_KEYS[status] ? t(STATUS_KEYS[status]) : status);
