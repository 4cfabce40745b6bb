import type { Service } from '../../ports/store.js';

/**
 * What a service costs per billing period: quantity times the unit price (price_cents), VAT excluded
 * like every catalogue price (TLD prices too); VAT is added per line when it is invoiced.
 */
export const servicePeriodCents = (s: Pick<Service, 'qty' | 'price_cents'>): number => s.qty * s.price_cents;
