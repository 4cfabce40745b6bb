import type { Kysely } from 'kysely';
import { withId } from './helpers.js';

/**
 * E-mail that runs itself (issue 14, item 3).
 * - mail_sent: one row per message handed to the mail server, by its Message-ID (derived from the event
 *   and template, see core/messages/message-id.ts). A `mail.send` job run again (a retry after a lost
 *   answer, a lease that ran out) finds the row and sends nothing.
 * - expiry_reminders: one row per (domain, expiry date, days before) a renewal reminder was recorded
 *   for. The primary key is what makes the schedule's step safe on several workers: the second insert
 *   fails and its transaction (with its event) rolls back. The expiry date is part of the key so that
 *   a domain renewed by hand (a new expiry) is reminded again for its next one.
 * - password_resets: a reset link's token, stored as its SHA-256 (the link is the secret), with its end
 *   and the time it was used (single use).
 * - users.token_generation: counted up when a password is reset by its owner; access tokens name the
 *   generation they were issued in, and one from an earlier generation is refused (ends every session).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('mail_sent')
    .addColumn('message_id', 'text', (c) => c.primaryKey())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('expiry_reminders')
    .addColumn('domain_id', 'integer', (c) => c.notNull().references('domains.id'))
    .addColumn('exp_date', 'text', (c) => c.notNull())
    .addColumn('days', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('expiry_reminders_pk', ['domain_id', 'exp_date', 'days'])
    .execute();
  await withId(db, db.schema.createTable('password_resets'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('password_resets_expires').on('password_resets').column('expires_at').execute();
  await db.schema.alterTable('users').addColumn('token_generation', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('token_generation').execute();
  await db.schema.dropTable('password_resets').execute();
  await db.schema.dropTable('expiry_reminders').execute();
  await db.schema.dropTable('mail_sent').execute();
}
