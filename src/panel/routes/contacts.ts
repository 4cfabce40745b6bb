import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError, notFound } from '../../core/errors.js';
import { CONTACT_DEFAULTS, CONTACT_FIELDS, contactFieldsOf, type ContactField } from '../../core/contacts/contact-rules.js';
import { listContacts } from '../../core/contacts/list-contacts.js';
import { getContact } from '../../core/contacts/get-contact.js';
import { createContact } from '../../core/contacts/create-contact.js';
import { updateContact } from '../../core/contacts/update-contact.js';
import { deleteContact } from '../../core/contacts/delete-contact.js';
import type { FormErrors, PageContext } from '../layout.js';
import type { Translator } from '../i18n/index.js';
import { pageContext, sendPage } from '../request-state.js';
import { contactFormPage, contactHref, contactName, contactsHref, contactsPage, deleteContactPage, type ContactForm } from '../views/contacts.js';
import { customerOf, pageNumber, PAGE_SIZE } from './customer.js';
import { ctxOf } from '../../api/shared/actor-hook.js';

type Form = Record<string, string | undefined>;

/** A contact id from the path; anything else is a page that does not exist (never a 400 that says more). */
function contactId(request: FastifyRequest): number {
  const id = (request.params as { id: string }).id;
  if (!/^[0-9]{1,9}$/.test(id)) throw notFound();
  return Number(id);
}

/**
 * The form as the client API's contact body: the fields it takes, each as sent (the client API has no
 * mapper for a contact; its route hands the body to the core as it is, and so does the panel). The
 * identity number is never shown back, so its field is always empty: left empty, it is not sent, and
 * the one stored is kept (create's default is empty anyway).
 */
function contactInput(body: Form): Partial<Record<ContactField, string>> {
  const input: Partial<Record<ContactField, string>> = {};
  for (const field of CONTACT_FIELDS) {
    const value = body[field];
    if (typeof value !== 'string') continue;
    if (field === 'identity_number' && value.trim() === '') continue;
    input[field] = value;
  }
  return input;
}

/** What was typed, to show again in a refused form (the identity number excepted: never shown back). */
const formValues = (body: Form): ContactForm => {
  const { identity_number: _secret, ...shown } = contactInput(body);
  return shown;
};

/** The contact as its edit form shows it. */
const formOf = (contact: Parameters<typeof contactFieldsOf>[0]): ContactForm => {
  const { identity_number: _secret, ...shown } = contactFieldsOf(contact);
  return shown;
};

/** A core `invalid` error's messages by field, in the page's language, every message of a field joined. */
function fieldErrors(t: Translator, error: DomainError): FormErrors {
  return Object.fromEntries(Object.entries(error.fields ?? {}).map(([f, messages]) => [f, messages.map((m) => t.core(m)).join(' ')]));
}

const NOTICES = { added: 'contacts.added', saved: 'contacts.saved', deleted: 'contacts.deleted' } as const;

/** A notice named by `?done=` after a change (post/redirect/get), or none. */
function noticeOf(request: FastifyRequest, t: Translator): string | undefined {
  const done = (request.query as Form).done;
  return done && Object.hasOwn(NOTICES, done) ? t(NOTICES[done as keyof typeof NOTICES]) : undefined;
}

/**
 * The page context of a page drawn in answer to a POST: its language switch comes back to `path`, a
 * page that can be fetched by GET.
 */
const contextAt = (request: FastifyRequest, path: string): PageContext => ({ ...pageContext(request), path });

/**
 * The customer's contacts under /panel/contacts, each read and change the client API's core command
 * (listContacts, getContact, createContact, updateContact, deleteContact): the rules (required
 * fields, formats, e-invoicing, the primary contact and a domain's contacts kept) are the core's, shown
 * in its words. Another customer's contact is the core's forbidden, the 404 page, on every route.
 */
export function contactRoutes(app: FastifyInstance): void {
  app.get('/contacts', async (request, reply) => {
    const ctx = ctxOf(request);
    const user = customerOf(request, reply);
    if (!user) return reply;
    const page = pageNumber((request.query as Form).page);
    const result = await listContacts(ctx, { userId: user.id, page: { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE } });
    const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    const c = pageContext(request);
    return sendPage(reply, 200, contactsPage(c, { contacts: result.items, primaryId: user.primary_contact_id, total: result.total, page, pages, notice: noticeOf(request, c.t) }));
  });

  app.get('/contacts/new', async (request, reply) => {
    const user = customerOf(request, reply);
    if (!user) return reply;
    // The core's defaults, so that the radios start where a contact sent without them would be.
    const form: ContactForm = { billing_method: CONTACT_DEFAULTS.billing_method, contact_type: CONTACT_DEFAULTS.contact_type };
    return sendPage(reply, 200, contactFormPage(pageContext(request), { form }));
  });

  app.post('/contacts/new', async (request, reply) => {
    const ctx = ctxOf(request);
    const user = customerOf(request, reply);
    if (!user) return reply;
    const body = request.body as Form;
    try {
      await createContact(ctx, { userId: user.id, contact: contactInput(body) });
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'invalid') throw error;
      const c = contextAt(request, `${contactsHref}/new`);
      return sendPage(reply, 400, contactFormPage(c, { form: formValues(body), errors: fieldErrors(c.t, error) }));
    }
    return reply.redirect(`${contactsHref}?done=added`, 303);
  });

  app.get('/contacts/:id', async (request, reply) => {
    const ctx = ctxOf(request);
    const user = customerOf(request, reply);
    if (!user) return reply;
    const contact = await getContact(ctx, { userId: user.id, contactId: contactId(request) });
    const c = pageContext(request);
    return sendPage(reply, 200, contactFormPage(c, { id: contact.id, name: contactName(c.t, contact), form: formOf(contact), notice: noticeOf(request, c.t) }));
  });

  app.post('/contacts/:id', async (request, reply) => {
    const ctx = ctxOf(request);
    const user = customerOf(request, reply);
    if (!user) return reply;
    const id = contactId(request);
    const body = request.body as Form;
    try {
      await updateContact(ctx, { userId: user.id, contactId: id, patch: contactInput(body) });
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'invalid') throw error;
      // Read anew: the title names the contact as it is stored (the core changed nothing).
      const contact = await getContact(ctx, { userId: user.id, contactId: id });
      const c = contextAt(request, contactHref(id));
      return sendPage(reply, 400, contactFormPage(c, { id, name: contactName(c.t, contact), form: formValues(body), errors: fieldErrors(c.t, error) }));
    }
    return reply.redirect(`${contactHref(id)}?done=saved`, 303);
  });

  app.get('/contacts/:id/delete', async (request, reply) => {
    const ctx = ctxOf(request);
    const user = customerOf(request, reply);
    if (!user) return reply;
    const contact = await getContact(ctx, { userId: user.id, contactId: contactId(request) });
    return sendPage(reply, 200, deleteContactPage(pageContext(request), { contact }));
  });

  app.post('/contacts/:id/delete', async (request, reply) => {
    const ctx = ctxOf(request);
    const user = customerOf(request, reply);
    if (!user) return reply;
    const id = contactId(request);
    try {
      await deleteContact(ctx, { userId: user.id, contactId: id });
    } catch (error) {
      // The primary contact, and a contact a domain uses, stay: the core says so, the page shows it.
      if (!(error instanceof DomainError) || error.code !== 'rejected') throw error;
      const contact = await getContact(ctx, { userId: user.id, contactId: id });
      const c = contextAt(request, `${contactHref(id)}/delete`);
      return sendPage(reply, 400, deleteContactPage(c, { contact, error: c.t.core(error.message) }));
    }
    return reply.redirect(`${contactsHref}?done=deleted`, 303);
  });
}
