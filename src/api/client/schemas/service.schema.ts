import { Type, type Static } from '@sinclair/typebox';

/**
 * A service as the client API shows it (both the service paths and a domain's services paths).
 * The document's single-service examples name the price `price.price`, while every field list, and
 * the list examples, say `price.total`: we answer `total` everywhere.
 */
export const ServiceSchema = Type.Object({
  id: Type.Integer({ description: 'Identifier of the service' }),
  name: Type.String({ description: 'Name of the service' }),
  qty: Type.Integer({ description: 'Quantity of the service' }),
  start_date: Type.String({ description: 'Date when service was activated (YYYY-MM-DD)' }),
  exp_date: Type.Union([Type.String(), Type.Null()], { description: 'Date when service expires (YYYY-MM-DD)' }),
  status: Type.String({ description: 'Current status of the service (active, inactive, expired, suspended: its invoice unpaid after the last reminder)' }),
  renew: Type.Boolean({ description: 'Whether the service will be renewed or not' }),
  updated_at: Type.Union([Type.String(), Type.Null()], {
    description: 'When the service was last modified (ISO 8601 UTC), null if never',
  }),
  price: Type.Object({
    total: Type.Number({ description: 'The cost of service per billing period (quantity x unit price), euros, VAT excluded' }),
    billing_period_in_months: Type.Integer({ description: 'Billing period in months' }),
  }),
});
export type ServiceWire = Static<typeof ServiceSchema>;

export const RenewBody = Type.Object({
  renew: Type.Boolean({ description: 'Whether the service will be renewed (true, false)' }),
});
