import type { Ctx } from '../context.js';
import { fromLicensingError } from './licensing-errors.js';
import { normaliseTenantName, TENANT_LABEL_MAX_LENGTH } from './tenant-name.js';

export interface TenantCheck {
  domain: string;
  available: boolean;
  /** Why an available-looking name cannot be registered, when that is the reason. */
  reason?: string;
}

/**
 * Whether "<name>.onmicrosoft.com" can still be registered with Microsoft (tenant names are unique
 * across all of Microsoft, so across hostplane too). A name longer than a DNS label is answered as
 * unavailable, with the reason. Errors: invalid (tenant_name), upstream_unavailable.
 */
export async function checkTenantName(ctx: Ctx, tenantName: string): Promise<TenantCheck> {
  const name = normaliseTenantName(tenantName);
  if (name.length > TENANT_LABEL_MAX_LENGTH) {
    return {
      domain: `${name}.onmicrosoft.com`,
      available: false,
      reason: `a tenant name is at most ${TENANT_LABEL_MAX_LENGTH} characters`,
    };
  }
  try {
    return await ctx.licensing.checkTenant(name);
  } catch (err) {
    return fromLicensingError(err);
  }
}
