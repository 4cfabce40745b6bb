import type { Command } from '../command.js';
import { serve } from './serve.js';
import { dns } from './dns.js';
import { usersCreate } from './users-create.js';
import { usersList } from './users-list.js';
import { invoicesList } from './invoices-list.js';
import { invoicesMarkPaid } from './invoices-mark-paid.js';
import { tldsList } from './tlds-list.js';
import { tldsSet } from './tlds-set.js';
import { servicesAdd } from './services-add.js';
import { partnersCreate } from './partners-create.js';
import { partnersList } from './partners-list.js';
import { partnersKeysAdd } from './partners-keys-add.js';
import { partnersKeysRevoke } from './partners-keys-revoke.js';
import { partnersSecretRotate } from './partners-secret-rotate.js';
import { partnersTokensRevoke } from './partners-tokens-revoke.js';
import { worker } from './worker.js';
import { jobsList } from './jobs-list.js';
import { jobsRetry } from './jobs-retry.js';

/** Every CLI command; `hostplane help` lists them in this order. */
export const commands: Command[] = [
  serve, dns, usersCreate, usersList, invoicesList, invoicesMarkPaid, tldsList, tldsSet, servicesAdd,
  partnersCreate, partnersList, partnersKeysAdd, partnersKeysRevoke, partnersSecretRotate, partnersTokensRevoke,
  worker, jobsList, jobsRetry,
];
