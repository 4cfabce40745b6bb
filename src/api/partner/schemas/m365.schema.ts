import { Type, type Static } from '@sinclair/typebox';
import { TERM_OPTIONS } from '../../../core/m365/terms.js';
import { TENANT_NAME_MAX_LENGTH } from '../../../core/m365/tenant-name.js';
import { SUBSCRIPTION_MAX_QUANTITY } from '../../../core/m365/add-subscription.js';
import { QUANTITY_UPDATE_MAX } from '../../../core/m365/update-subscription-quantity.js';

/** `{serviceId}`: a positive integer within the store's integer range ("abc" or "0" answer 422). */
const ServiceId = Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'Service ID (a Microsoft 365 tenant).' });
export const ServiceParams = Type.Object({ serviceId: ServiceId });
export const SubscriptionParams = Type.Object({
  serviceId: ServiceId,
  subscriptionId: Type.String({ minLength: 1, maxLength: 100, description: 'Subscription ID.' }),
});

const TenantName = Type.String({
  minLength: 1,
  maxLength: TENANT_NAME_MAX_LENGTH,
  pattern: '^[A-Za-z0-9]+$',
  description: 'Tenant name without .onmicrosoft.com: 1-100 letters and digits (at most 63 can be registered).',
});

export const CatalogItemSchema = Type.Object({
  Title: Type.String(),
  Description: Type.String(),
  Terms: Type.Array(Type.String()),
  Id: Type.String(),
  ProductSKU: Type.String(),
});
export type CatalogItemWire = Static<typeof CatalogItemSchema>;
export const CatalogResponse = Type.Object({
  success: Type.Literal(true),
  message: Type.String(),
  data: Type.Array(CatalogItemSchema),
});

export const AddTenantBody = Type.Object({
  tenant_name: TenantName,
  client_id: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'Client ID.' })),
});
export const TenantCreated = Type.Object({ service_id: Type.String() });

/** GET products/m365/check-tenant takes tenant_name from the query string or (as documented) a JSON body. */
export const CheckTenantQuery = Type.Object({ tenant_name: TenantName });
export const CheckTenantResponse = Type.Object({ success: Type.Literal(true), available: Type.Boolean(), message: Type.String() });

const Term = Type.Union(TERM_OPTIONS.map((t) => Type.Literal(t)));
export const AddSubscriptionBody = Type.Object({
  quantity: Type.Integer({ minimum: 1, maximum: SUBSCRIPTION_MAX_QUANTITY }),
  term_duration: Term,
  billing_cycle: Term,
  catalog_id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
});
export const QuantityBody = Type.Object({ quantity: Type.Integer({ minimum: 1, maximum: QUANTITY_UPDATE_MAX }) });

const NullableString = Type.Union([Type.String(), Type.Null()]);

/** A subscription in an order's answer (add, quantity update), as the document's examples show it. */
export const OrderSubscriptionSchema = Type.Object({
  AutoRenewEnabled: Type.Boolean(),
  BillingCycle: Type.String(),
  CustomTermEndDate: NullableString,
  ErpOrderId: NullableString,
  FriendlyName: Type.String(),
  OfferId: Type.String(),
  OrderId: NullableString,
  PartnerId: Type.String(),
  ProductId: NullableString,
  Quantity: Type.Integer(),
  SkuId: NullableString,
  Status: Type.Integer(),
  SubscriptionId: Type.String(),
  TenantId: Type.String(),
  TermDuration: Type.String(),
  WhmcsServiceId: NullableString,
});
export const OrderSchema = Type.Object({
  TenantId: Type.String(),
  ErpOrderId: Type.String(),
  IsAddonOrder: Type.Boolean(),
  Subscriptions: Type.Array(OrderSubscriptionSchema),
});
export type OrderWire = Static<typeof OrderSchema>;

/** POST products/{serviceId}/m365/subscription answers without message and customData, as documented. */
export const AddSubscriptionResponse = Type.Object({ success: Type.Literal(true), data: OrderSchema });

const EndDate = Type.Object({ original: Type.String(), formatted: Type.String() });

/** One entry of GET products/{serviceId}/m365/subscriptions, every documented key in order. */
export const NceLicenseSchema = Type.Object({
  AutoRenewEnabled: Type.Boolean(),
  ProductId: Type.Union([Type.Integer(), Type.Null()]),
  AvailableUnits: Type.Integer(),
  BillingCycle: Type.String(),
  CancellationAllowedUntilDate: Type.String(),
  CatalogItemId: Type.String(),
  CommitmentEndDate: Type.String(),
  ConsumedUnits: Type.Integer(),
  CreationDate: Type.String(),
  EffectiveStartDate: Type.String(),
  FriendlyName: Type.String(),
  IsNewCommerceExperienceSubscription: Type.Boolean(),
  MinimumQuantity: Type.Integer(),
  NextTermInstructions: Type.Null(),
  OfferId: Type.String(),
  OrderId: Type.String(),
  ParentSubscriptionId: Type.Null(),
  PartnerId: Type.String(),
  ProductSku: Type.String(),
  PromotionId: Type.Null(),
  SkuPartNumber: Type.String(),
  Status: Type.Integer(),
  SubscriptionId: Type.String(),
  SubscriptionQuantity: Type.Integer(),
  TenantId: Type.String(),
  TermDuration: Type.String(),
  TotalUnits: Type.Integer(),
  IsAddon: Type.Boolean(),
  AllowCancel: Type.Boolean(),
  MinQuantity: Type.Integer(),
  RecentTransactions: Type.Array(Type.Unknown()),
  microsoft_standard_end_user_price: Type.Null(),
  reseller_end_user_price: Type.Null(),
  actual_sale_price: Type.Null(),
  user_price: Type.Null(),
  user_item_price: Type.Null(),
  end_dates_sort: Type.Array(EndDate),
});
export type NceLicenseWire = Static<typeof NceLicenseSchema>;
export const SubscriptionsResponse = Type.Object({ nce_licenses: Type.Array(NceLicenseSchema) });
