import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, notFound } from '../../core/errors.js';
import { getRecord, pageRecords } from '../../core/dns/list-records.js';
import { createRecord } from '../../core/dns/create-record.js';
import { updateRecord } from '../../core/dns/update-record.js';
import { deleteRecord } from '../../core/dns/delete-record.js';
import { getManagedZone } from '../../core/dns/zone-access.js';
import { nameToHost } from '../../core/dns/record-name.js';
import { recordInputFields, type RecordInput } from '../../core/dns/record-types.js';
import { toRecordInput } from '../../api/client/mappers/record.mapper.js';
import type { RecordBody } from '../../api/client/schemas/record.schema.js';
import type { PanelDeps } from '../index.js';
import type { FormErrors } from '../layout.js';
import type { Translator } from '../i18n/index.js';
import { pageContext, sendPage, stateOf } from '../request-state.js';
import { customerOf, pageNumber } from './customer.js';
import { chooseTypePage, deleteRecordPage, EDITOR_TYPES, recordFormPage, recordsHref, recordsPage, type RecordForm } from '../views/dns-editor.js';

/** Records per page: a 5,000-record zone is a hundred pages, each read alone from the store. */
export const RECORDS_PAGE_SIZE = 50;

/** The fields a record form sends, besides csrf and type. */
const FORM_FIELDS = ['host', 'content', 'ttl', 'pref', 'redirect_type', 'service', 'proto', 'priority', 'weight', 'port'] as const;

type Params = { name: string; id?: string };
type Form = Record<string, string | undefined>;

/** A record id from the path; anything else is a page that does not exist. */
function recordId(params: Params): number {
  if (!/^[0-9]{1,15}$/.test(params.id ?? '')) throw notFound();
  return Number(params.id);
}

/** What was typed, to show again in the form. */
const formValues = (body: Form): RecordForm =>
  Object.fromEntries(FORM_FIELDS.map((f) => [f, body[f] ?? ''])) as RecordForm;

/**
 * The form as the client API's body: an empty field is a field not sent (a TTL left empty is the
 * zone's default; a required field left empty is the core's "is required"), and numbers are read by
 * the API's own mapper, so the panel and the API refuse the same input with the same words.
 */
function formInput(body: Form): Partial<RecordInput> {
  const sent = Object.fromEntries(FORM_FIELDS.filter((f) => (body[f] ?? '').trim() !== '').map((f) => [f, body[f]!]));
  return toRecordInput(sent as RecordBody);
}

/** A core `invalid` error's messages per field, in the page's language (the first of each field's). */
function fieldErrors(t: Translator, error: DomainError): FormErrors {
  return Object.fromEntries(Object.entries(error.fields ?? {}).map(([f, messages]) => [f, t.core(messages[0] ?? error.message)]));
}

/** The record as its edit form shows it. */
function recordForm(host: string, record: Parameters<typeof recordInputFields>[0]): RecordForm {
  const form: RecordForm = { host, content: record.content, ttl: String(record.ttl) };
  for (const [f, v] of Object.entries(recordInputFields(record))) if (f !== 'fallback_ip') (form as Record<string, string>)[f] = String(v);
  return form;
}

const NOTICES = { added: 'records.added', updated: 'records.updated', deleted: 'records.deleted' } as const;

/**
 * The customer's DNS editor under /panel/domains/:name/records. Every read and change is the client
 * API's core command (pageRecords is the paged form of its listRecords); another customer's domain is
 * the core's forbidden, a 404 page. A rejected zone (the domain not on our name servers, no zone yet)
 * is the 400 page with the core's words.
 */
export function dnsEditorRoutes(app: FastifyInstance, deps: PanelDeps): void {
  const { ctx } = deps;

  /** The logged-in customer's id and the domain of the path, or undefined after the login redirect. */
  function who(request: FastifyRequest, reply: FastifyReply): { userId: number; domain: string } | undefined {
    const user = customerOf(request, reply);
    if (!user) return undefined;
    return { userId: user.id, domain: (request.params as Params).name };
  }

  app.get('/domains/:name/records', async (request, reply) => {
    const me = who(request, reply);
    if (!me) return reply;
    const query = request.query as Record<string, string | undefined>;
    const q = (query.q ?? '').trim().slice(0, 253);
    const page = pageNumber(query.page);
    const { zone, items, total } = await pageRecords(ctx, { ...me, page: { limit: RECORDS_PAGE_SIZE, offset: (page - 1) * RECORDS_PAGE_SIZE }, keyword: q });
    const pages = Math.max(1, Math.ceil(total / RECORDS_PAGE_SIZE));
    const t = stateOf(request).t;
    const done = query.done as keyof typeof NOTICES | undefined;
    const notice = done && Object.hasOwn(NOTICES, done) ? t(NOTICES[done]) : undefined;
    return sendPage(reply, 200, recordsPage(pageContext(request), { domain: zone.name, zone, records: items, total, q, page, pages, notice }));
  });

  app.get('/domains/:name/records/new', async (request, reply) => {
    const me = who(request, reply);
    if (!me) return reply;
    // The zone is checked before any form is shown: another customer's domain is 404 here too.
    const { zone } = await getManagedZone(ctx.store, ctx, me.userId, me.domain);
    const type = String((request.query as Form).type ?? '').trim().toUpperCase();
    if (!EDITOR_TYPES.includes(type)) return sendPage(reply, 200, chooseTypePage(pageContext(request), { domain: zone.name }));
    return sendPage(reply, 200, recordFormPage(pageContext(request), { domain: zone.name, type, form: { ttl: '' } }));
  });

  app.post('/domains/:name/records/new', async (request, reply) => {
    const me = who(request, reply);
    if (!me) return reply;
    const body = request.body as Form;
    const type = String(body.type ?? '').trim().toUpperCase();
    try {
      await createRecord(ctx, { ...me, record: { ...formInput(body), type } as RecordInput });
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'invalid') throw error;
      const { zone } = await getManagedZone(ctx.store, ctx, me.userId, me.domain);
      const c = pageContext(request);
      const errors = fieldErrors(c.t, error);
      // A type the client API does not take: its message belongs beside the type chooser.
      if (!EDITOR_TYPES.includes(type)) return sendPage(reply, 400, chooseTypePage(c, { domain: zone.name, error: errors.type ?? c.t.core(error.message) }));
      return sendPage(reply, 400, recordFormPage(c, { domain: zone.name, type, form: formValues(body), errors }));
    }
    return reply.redirect(`${recordsHref(me.domain)}?done=added`, 303);
  });

  app.get('/domains/:name/records/:id/edit', async (request, reply) => {
    const me = who(request, reply);
    if (!me) return reply;
    const { zone, record } = await getRecord(ctx, { ...me, recordId: recordId(request.params as Params) });
    const form = recordForm(nameToHost(zone.name, record.name), record);
    return sendPage(reply, 200, recordFormPage(pageContext(request), { domain: zone.name, type: record.type, id: record.id, form }));
  });

  app.post('/domains/:name/records/:id/edit', async (request, reply) => {
    const me = who(request, reply);
    if (!me) return reply;
    const id = recordId(request.params as Params);
    const body = request.body as Form;
    try {
      // The type is not part of the patch: an edit keeps the record's type (another type is a new record).
      await updateRecord(ctx, { ...me, recordId: id, patch: formInput(body) });
    } catch (error) {
      if (!(error instanceof DomainError) || (error.code !== 'invalid' && error.code !== 'rejected')) throw error;
      const { zone, record } = await getRecord(ctx, { ...me, recordId: id });
      const c = pageContext(request);
      const errors = error.code === 'invalid' ? fieldErrors(c.t, error) : { host: c.t.core(error.message) };
      return sendPage(reply, 400, recordFormPage(c, { domain: zone.name, type: record.type, id, form: formValues(body), errors }));
    }
    return reply.redirect(`${recordsHref(me.domain)}?done=updated`, 303);
  });

  app.get('/domains/:name/records/:id/delete', async (request, reply) => {
    const me = who(request, reply);
    if (!me) return reply;
    const { zone, record } = await getRecord(ctx, { ...me, recordId: recordId(request.params as Params) });
    return sendPage(reply, 200, deleteRecordPage(pageContext(request), { domain: zone.name, zone, record }));
  });

  app.post('/domains/:name/records/:id/delete', async (request, reply) => {
    const me = who(request, reply);
    if (!me) return reply;
    const id = recordId(request.params as Params);
    try {
      await deleteRecord(ctx, { ...me, recordId: id });
    } catch (error) {
      // The zone's own NS records are refused by the core (they follow the domain's name servers).
      if (!(error instanceof DomainError) || error.code !== 'rejected') throw error;
      const { zone, record } = await getRecord(ctx, { ...me, recordId: id });
      return sendPage(reply, 400, deleteRecordPage(pageContext(request), { domain: zone.name, zone, record, error: stateOf(request).t.core(error.message) }));
    }
    return reply.redirect(`${recordsHref(me.domain)}?done=deleted`, 303);
  });
}
