import { Type, type Static } from '@sinclair/typebox';

/**
 * One service in GET products/services and GET products/licenses, field for field as the document
 * shows it: ids and amounts are strings, dates YYYY-MM-DD, days_remain an integer.
 */
export const PartnerServiceSchema = Type.Object({
  id: Type.String(),
  pid: Type.String(),
  client_id: Type.String(),
  name: Type.String(),
  next_due_date: Type.String(),
  domain: Type.String(),
  status: Type.String(),
  billing_cycle: Type.String(),
  reg_date: Type.String(),
  first_payment_amount: Type.String(),
  recurring_amount: Type.String(),
  days_remain: Type.Integer(),
  login: Type.String(),
  password: Type.String(),
  reg_number: Type.String(),
  number_of_users: Type.String(),
  gdata_valid_until: Type.String(),
  platform: Type.String(),
});
export type PartnerServiceWire = Static<typeof PartnerServiceSchema>;

export const ServicesQuery = Type.Object({
  client_id: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'Filter by Client ID.' })),
});

export const ServicesResponse = Type.Object({ data: Type.Array(PartnerServiceSchema) });
export const LicensesResponse = Type.Object({ licenses: Type.Array(PartnerServiceSchema), expiringWithin60days: Type.Integer() });
