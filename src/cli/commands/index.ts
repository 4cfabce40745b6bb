import type { Command } from '../command.js';
import { serve } from './serve.js';
import { dns } from './dns.js';
import { migrate } from './migrate.js';
import { usersCreate } from './users-create.js';
import { usersList } from './users-list.js';
import { usersShow } from './users-show.js';
import { usersDisable } from './users-disable.js';
import { usersEnable } from './users-enable.js';
import { usersResetPassword } from './users-reset-password.js';
import { domainsList } from './domains-list.js';
import { domainsShow } from './domains-show.js';
import { invoicesList } from './invoices-list.js';
import { invoicesShow } from './invoices-show.js';
import { invoicesMarkPaid } from './invoices-mark-paid.js';
import { einvoicesList } from './einvoices-list.js';
import { paymentsImport } from './payments-import.js';
import { paymentsList } from './payments-list.js';
import { tldsList } from './tlds-list.js';
import { tldsSet } from './tlds-set.js';
import { servicesAdd } from './services-add.js';
import { partnersCreate } from './partners-create.js';
import { partnersList } from './partners-list.js';
import { partnersKeysAdd } from './partners-keys-add.js';
import { partnersKeysRevoke } from './partners-keys-revoke.js';
import { partnersSecretRotate } from './partners-secret-rotate.js';
import { partnersTokensRevoke } from './partners-tokens-revoke.js';
import { partnersUsersAdd } from './partners-users-add.js';
import { partnersUsersList } from './partners-users-list.js';
import { partnersUsersRemove } from './partners-users-remove.js';
import { worker } from './worker.js';
import { jobsList } from './jobs-list.js';
import { jobsRetry } from './jobs-retry.js';
import { eventsList } from './events-list.js';
import { registriesAdd } from './registries-add.js';
import { registriesList } from './registries-list.js';
import { registriesRemove } from './registries-remove.js';
import { registriesTest } from './registries-test.js';
import { dnssecStatusCommand } from './dnssec-status.js';
import { dnssecEnable } from './dnssec-enable.js';
import { dnssecDisable } from './dnssec-disable.js';
import { dnssecRollover } from './dnssec-rollover.js';

/** Every CLI command; `hostplane help` lists them in this order. */
export const commands: Command[] = [
  serve, dns, migrate, usersCreate, usersList, usersShow, usersDisable, usersEnable, usersResetPassword,
  domainsList, domainsShow, invoicesList, invoicesShow, invoicesMarkPaid, einvoicesList, paymentsImport, paymentsList, tldsList, tldsSet,
  registriesAdd, registriesList, registriesRemove, registriesTest, servicesAdd,
  dnssecStatusCommand, dnssecEnable, dnssecDisable, dnssecRollover,
  partnersCreate, partnersList, partnersKeysAdd, partnersKeysRevoke, partnersSecretRotate, partnersTokensRevoke,
  partnersUsersAdd, partnersUsersList, partnersUsersRemove,
  worker, jobsList, jobsRetry, eventsList,
];
