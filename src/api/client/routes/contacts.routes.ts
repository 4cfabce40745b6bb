import { Type, type TOptional, type TString } from '@sinclair/typebox';
import type { ClientRoutes } from '../types.js';
import { currentUser } from '../auth-guard.js';
import { errorResponses } from '../errors.js';
import { ContactSchema, IDENTITY_NUMBER } from '../schemas/contact.schema.js';
import { Envelope, ListEnvelope, MessageEnvelope, done, ok } from '../schemas/envelope.js';
import { IdParam } from '../schemas/id-param.js';
import { toContactWire } from '../mappers/contact.mapper.js';
import { PageQuery, pageMeta, toPage } from '../../shared/pagination.js';
import { RequiredInCore } from '../../shared/required-in-core.js';
import {
  CONTACT_FIELDS, CONTACT_TYPES, REQUIRED_CONTACT_FIELDS, maxLengthOf, type ContactField,
} from '../../../core/contacts/contact-rules.js';
import { listContacts } from '../../../core/contacts/list-contacts.js';
import { getContact } from '../../../core/contacts/get-contact.js';
import { createContact } from '../../../core/contacts/create-contact.js';
import { updateContact } from '../../../core/contacts/update-contact.js';
import { deleteContact } from '../../../core/contacts/delete-contact.js';
import { BILLING_METHODS } from '../../../core/validation.js';
import { ctxOf } from '../../shared/actor-hook.js';

const DESCRIPTIONS: Partial<Record<ContactField, string>> = {
  country: 'Two letter country code (ISO 3166-1 alpha-2, upper case)',
  phone: 'Phone number in the form +CCC.NNNNNNNN',
  billing_method: `Default billing method (${BILLING_METHODS.join(', ')}); default email`,
  e_invoice_address: 'E-Invoice address (required when billing_method is e-invoice)',
  e_invoice_intermediator: 'E-Invoice intermediator (required when billing_method is e-invoice)',
  contact_type: `Type of contact (${CONTACT_TYPES.join(', ')}); default general. Not in the original document`,
  identity_number: IDENTITY_NUMBER,
};

/**
 * The schema checks types and lengths only: the core checks the rules (required fields included) so
 * that one answer names every bad field, and PATCH checks the merged contact rather than the request.
 * On create, the fields the core requires are listed as required in the document (RequiredInCore).
 */
const contactInput = (create: boolean) =>
  Type.Object(
    Object.fromEntries(
      CONTACT_FIELDS.map((f) => {
        const required = create && REQUIRED_CONTACT_FIELDS.includes(f);
        const field = Type.String({ maxLength: maxLengthOf(f), description: DESCRIPTIONS[f] ?? f.replaceAll('_', ' ') });
        return [f, required ? RequiredInCore(field) : Type.Optional(field)];
      }),
    ) as Record<ContactField, TOptional<TString>>,
  );
const ContactCreateBody = contactInput(true);
const ContactPatchBody = contactInput(false);

const ContactId = Type.Object({ id: IdParam });

export const contactRoutes: ClientRoutes = (app) => {
  app.get(
    '/contact/contacts',
    {
      schema: {
        tags: ['Contact'],
        summary: 'Retrieve a collection of contacts for the authenticated User',
        querystring: PageQuery,
        response: { 200: ListEnvelope(ContactSchema), ...errorResponses(401, 422) },
      },
    },
    async (req) => {
      const page = await listContacts(ctxOf(req), { userId: currentUser(req).id, page: toPage(req.query) });
      return { message: '', data: page.items.map(toContactWire), meta: pageMeta(req.query, page.items.length, page.total) };
    },
  );

  app.get(
    '/contact/contacts/:id',
    {
      schema: {
        tags: ['Contact'],
        summary: 'Retrieve details for the specified Contact',
        params: ContactId,
        response: { 200: Envelope(ContactSchema), ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (req) => ok(toContactWire(await getContact(ctxOf(req), { userId: currentUser(req).id, contactId: req.params.id }))),
  );

  app.post(
    '/contact/contacts',
    {
      schema: {
        tags: ['Contact'],
        summary: 'Create a new contact',
        body: ContactCreateBody,
        response: { 201: MessageEnvelope, ...errorResponses(401, 422) },
      },
    },
    async (req, reply) => {
      await createContact(ctxOf(req), { userId: currentUser(req).id, contact: req.body });
      return reply.code(201).send(done('New contact created successfully'));
    },
  );

  app.patch(
    '/contact/contacts/:id',
    {
      schema: {
        tags: ['Contact'],
        summary: 'Update existing contact',
        params: ContactId,
        body: ContactPatchBody,
        response: { 200: Envelope(ContactSchema), ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (req) => {
      const contact = await updateContact(ctxOf(req), { userId: currentUser(req).id, contactId: req.params.id, patch: req.body });
      return ok(toContactWire(contact));
    },
  );

  app.delete(
    '/contact/contacts/:id',
    {
      schema: {
        tags: ['Contact'],
        summary: 'Delete an existing Contact',
        params: ContactId,
        response: { 200: MessageEnvelope, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (req) => {
      await deleteContact(ctxOf(req), { userId: currentUser(req).id, contactId: req.params.id });
      // Sic: the document spells it "succesfully".
      return done('Contact deleted succesfully');
    },
  );
};
