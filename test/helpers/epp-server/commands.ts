import { contactCheck, contactCreate, contactDelete, contactInfo, contactUpdate } from './contact-commands.js';
import type { Handler } from './context.js';
import { domainCheck, domainInfo } from './domain-read.js';
import { domainTransfer } from './domain-transfer.js';
import { domainCreate, domainDelete, domainRenew, domainUpdate } from './domain-write.js';
import { hostCheck, hostCreate, hostDelete, hostInfo, hostUpdate } from './host-commands.js';

/**
 * Object commands by `object:verb`. What is not here answers 2101 (Unimplemented command): contact
 * transfers, which registries rarely offer and hostplane never needs.
 */
export const HANDLERS: Record<string, Handler> = {
  'domain:check': domainCheck,
  'domain:info': domainInfo,
  'domain:create': domainCreate,
  'domain:renew': domainRenew,
  'domain:update': domainUpdate,
  'domain:delete': domainDelete,
  'domain:transfer': domainTransfer,
  'contact:check': contactCheck,
  'contact:info': contactInfo,
  'contact:create': contactCreate,
  'contact:update': contactUpdate,
  'contact:delete': contactDelete,
  'host:check': hostCheck,
  'host:info': hostInfo,
  'host:create': hostCreate,
  'host:update': hostUpdate,
  'host:delete': hostDelete,
};
