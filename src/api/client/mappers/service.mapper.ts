import type { Service } from '../../../ports/store.js';
import { servicePeriodCents } from '../../../core/services/service-price.js';
import type { ServiceWire } from '../schemas/service.schema.js';

/** Entity -> wire. */
export function toServiceWire(s: Service): ServiceWire {
  return {
    id: s.id,
    name: s.name,
    qty: s.qty,
    start_date: s.start_date,
    exp_date: s.exp_date,
    status: s.status,
    renew: s.renew === 1,
    updated_at: s.updated_at,
    price: { total: servicePeriodCents(s) / 100, billing_period_in_months: s.billing_period_months },
  };
}
