import type { Ctx } from '../context.js';
import type { Service } from '../../ports/store.js';
import type { Partner } from '../../ports/store/partners.js';
import type { M365Tenant } from '../../ports/store/m365.js';
import { LicensingError, type LicensingTenant } from '../../ports/licensing.js';
import { invalidField } from '../errors.js';
import { isoDate, isoTimestamp } from '../dates.js';
import { addToMonthlyInvoice } from '../billing/add-to-monthly-invoice.js';
import { getPartnerClient } from '../partners/partner-scope.js';
import { fromLicensingError } from './licensing-errors.js';
import { normaliseTenantName, TENANT_LABEL_MAX_LENGTH } from './tenant-name.js';
import { TENANT_SERVICE_NAME } from './partner-tenant.js';
import { recordEvent } from '../events/record-event.js';

export interface AddTenantInput {
  partner: Partner;
  tenantName: string;
  /** The client the tenant is for; without it the tenant is the partner's own. */
  clientId?: number;
}

/**
 * Creates the Microsoft 365 tenant "<name>.onmicrosoft.com" for a partner or one of its clients: the
 * tenant at Microsoft (through ctx.licensing), then, in one transaction, a `services` row of kind
 * 'm365_tenant' on the owner's account, its link to the Microsoft tenant, and a line on the
 * partner's open monthly invoice. A tenant itself costs nothing (Microsoft bills subscriptions), so
 * the line is 0.00: it records the order.
 *
 * The tenant is created at Microsoft before anything is written here, since its id is only known
 * then and the answer must carry the service. Should the write fail afterwards, the name stays taken
 * at Microsoft (as it would with a failed Partner Center order) and the partner sees the error.
 *
 * Rules: tenant name 1-100 letters and digits, case-insensitive, and at most 63 characters to be a
 * DNS label; unique (Microsoft's rule); client_id, when given, is a client of the partner.
 * Errors: invalid (tenant_name: malformed, too long, taken), not_found / forbidden (client_id),
 * upstream_unavailable.
 */
export async function addTenant(ctx: Ctx, input: AddTenantInput): Promise<{ service: Service; tenant: M365Tenant }> {
  const name = normaliseTenantName(input.tenantName);
  if (name.length > TENANT_LABEL_MAX_LENGTH) {
    throw invalidField('tenant_name', `The tenant name may not be greater than ${TENANT_LABEL_MAX_LENGTH} characters: it becomes the DNS name <name>.onmicrosoft.com`);
  }
  const ownerId = input.clientId === undefined
    ? input.partner.user_id
    : (await getPartnerClient(ctx.store, input.partner, input.clientId)).id;

  let created: LicensingTenant;
  try {
    created = await ctx.licensing.createTenant({ name });
  } catch (err) {
    if (err instanceof LicensingError && err.reason === 'exists') {
      throw invalidField('tenant_name', `${name}.onmicrosoft.com is already taken`);
    }
    if (err instanceof LicensingError && err.reason === 'invalid') throw invalidField('tenant_name', err.message);
    return fromLicensingError(err);
  }

  const now = ctx.clock.now();
  const at = isoTimestamp(now);
  return ctx.store.transaction(async (tx) => {
    const service = await tx.services.create({
      user_id: ownerId, domain_id: null, kind: 'm365_tenant', name: TENANT_SERVICE_NAME, qty: 1, start_date: isoDate(now),
      // A tenant does not expire and costs nothing; its subscriptions are billed.
      exp_date: null, status: 'active', renew: 0, price_cents: 0, billing_period_months: 1, created_at: at, updated_at: null,
    });
    const tenant = await tx.m365.createTenant({ service_id: service.id, tenant_id: created.tenantId, domain: created.domain, created_at: at });
    await addToMonthlyInvoice(tx, ctx, {
      userId: input.partner.user_id,
      lines: [{ description: `Microsoft 365 -vuokraaja ${created.domain}`, qty: 1, unitCents: 0 }],
    });
    await recordEvent(tx, ctx, {
      type: 'service.created', userId: ownerId, partnerId: input.partner.id, subject: String(service.id),
      data: { kind: service.kind, name: service.name, tenant: tenant.domain },
    });
    return { service, tenant };
  });
}
