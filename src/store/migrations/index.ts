import type { Migration, MigrationProvider } from 'kysely';
import * as m001 from './001-initial.js';
import * as m002 from './002-partners.js';
import * as m003 from './003-m365.js';
import * as m004 from './004-deleted-clients.js';
import * as m006 from './006-jobs-idempotency.js';
import * as m007 from './007-lookup-indexes.js';
import * as m008 from './008-order-request-key.js';
import * as m009 from './009-pending-job-lookup.js';
import * as m010 from './010-auth-credentials.js';
import * as m011 from './011-open-orders-by-kind.js';
import * as m012 from './012-tld-name-rules.js';
import * as m013 from './013-user-disabled.js';
import * as m014 from './014-registries.js';
import * as m015 from './015-registrant-identity-and-local-ds.js';
import * as m016 from './016-registry-attempts.js';
import * as m017 from './017-dnssec.js';
import * as m018 from './018-panel.js';
import * as m019 from './019-events.js';
import * as m020 from './020-payments.js';
import * as m022 from './022-transfer-delegation.js';
import * as m023 from './023-mail.js';
import * as m024 from './024-webhooks.js';
import * as m025 from './025-dunning.js';

/** Every migration, in order. Names sort; a new one is added here and never edited once released. */
const migrations: Record<string, Migration> = {
  '001-initial': m001,
  '002-partners': m002,
  '003-m365': m003,
  '004-deleted-clients': m004,
  '006-jobs-idempotency': m006,
  '007-lookup-indexes': m007,
  '008-order-request-key': m008,
  '009-pending-job-lookup': m009,
  '010-auth-credentials': m010,
  '011-open-orders-by-kind': m011,
  '012-tld-name-rules': m012,
  '013-user-disabled': m013,
  '014-registries': m014,
  '015-registrant-identity-and-local-ds': m015,
  '016-registry-attempts': m016,
  '017-dnssec': m017,
  '018-panel': m018,
  '019-events': m019,
  '020-payments': m020,
  '022-transfer-delegation': m022,
  '023-mail': m023,
  '024-webhooks': m024,
  '025-dunning': m025,
};

export const migrationProvider: MigrationProvider = { getMigrations: async () => migrations };

/** Every migration's name, in order. */
export const migrationNames: readonly string[] = Object.keys(migrations);
