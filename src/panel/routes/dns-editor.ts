import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, notFound } from '../../core/errors.js';
import type { Ctx } from '../../core/context.js';
import type { DnsRecord, Page, PageOf, Zone } from '../../ports/store.js';
import type { Partner } from '../../ports/store/partners.js';
import { getRecord, pageRecords } from '../../core/dns/list-records.js';
import { createRecord } from '../../core/dns/create-record.js';
import { updateRecord } from '../../core/dns/update-record.js';
import { deleteRecord } from '../../core/dns/delete-record.js';
import { getManagedZone } from '../../core/dns/zone-access.js';
import { nameToHost } from '../../core/dns/record-name.js';
import { recordInputFields, type RecordInput } from '../../core/dns/record-types.js';
import { getPartnerRecord, pagePartnerRecords } from '../../core/partners/records/list-partner-records.js';
import { createPartnerRecord } from '../../core/partners/records/create-partner-record.js';
import { updatePartnerRecord } from '../../core/partners/records/update-partner-record.js';
import { deletePartnerRecord } from '../../core/partners/records/delete-partner-record.js';
import { getPartnerZone } from '../../core/partners/records/get-partner-zone.js';
import { presentRecord, type PartnerRecordInput } from '../../core/partners/records/record-presentation.js';
import { toRecordInput } from '../../api/client/mappers/record.mapper.js';
import type { RecordBody } from '../../api/client/schemas/record.schema.js';
import type { FormErrors } from '../layout.js';
import type { Translator } from '../i18n/index.js';
import { pageContext, sendPage, stateOf } from '../request-state.js';
import { ctxOf } from '../../api/shared/actor-hook.js';
import { customerOf, pageNumber } from './customer.js';
import {
  chooseTypePage, customerEditor, deleteRecordPage, partnerEditor, PARTNER_PRIORITY_TYPES, recordFormPage, recordsPage,
  type EditorView, type RecordForm,
} from '../views/dns-editor.js';

/** Records per page: a 5,000-record zone is a hundred pages, each read alone from the store. */
export const RECORDS_PAGE_SIZE = 50;

type Params = { name: string; id?: string };
type Form = Record<string, string | undefined>;

/**
 * What the editor does to one domain's records, through one dialect's core commands: the customer's
 * (the client API's) or the partner's (the partner API's). The routes below are the same for both;
 * the rules, the types and the words of every refusal are the scope's core's.
 */
export interface RecordScope {
  /** The pages' description for the zone `domain` (the core's spelling of the name). */
  view(domain: string): EditorView;
  page(page: Page, keyword: string): Promise<{ zone: Zone } & PageOf<DnsRecord>>;
  /** The zone, checked before any form is shown: another account's domain is a 404 here too. */
  zone(): Promise<Zone>;
  get(id: number): Promise<{ zone: Zone; record: DnsRecord }>;
  /** The record as its edit form shows it. */
  formOf(zone: Zone, record: DnsRecord): RecordForm;
  create(type: string, form: Form): Promise<void>;
  /** Saves `form` over `record`, keeping its type (another type is a new record). */
  update(record: DnsRecord, form: Form): Promise<void>;
  delete(id: number): Promise<void>;
  /** The field the core names the type by, shown at the type chooser. */
  typeField: string;
  /** The field a change refused as a whole (`rejected`, such as an apex NS edit) is shown at. */
  nameField: string;
}

/** A record id from the path; anything else is a page that does not exist. */
function recordId(params: Params): number {
  if (!/^[0-9]{1,15}$/.test(params.id ?? '')) throw notFound();
  return Number(params.id);
}

/** Only the fields `names`, as typed, to show again in the form. */
const formValues = (body: Form, names: string[]): RecordForm => Object.fromEntries(names.map((f) => [f, body[f] ?? '']));

/** A core `invalid` error's messages per form field, in the page's language (the first of each field's). */
function fieldErrors(t: Translator, error: DomainError, typeField: string): FormErrors {
  return Object.fromEntries(Object.entries(error.fields ?? {}).map(([f, messages]) => [f === typeField ? 'type' : f, t.core(messages[0] ?? error.message)]));
}

/** The fields a customer's record form sends, besides csrf and type. */
const CUSTOMER_FIELDS = ['host', 'content', 'ttl', 'pref', 'redirect_type', 'service', 'proto', 'priority', 'weight', 'port'] as const;

/**
 * The form as the client API's body: an empty field is a field not sent (a TTL left empty is the
 * zone's default; a required field left empty is the core's "is required"), and numbers are read by
 * the API's own mapper, so the panel and the API refuse the same input with the same words.
 */
function customerInput(body: Form): Partial<RecordInput> {
  const sent = Object.fromEntries(CUSTOMER_FIELDS.filter((f) => (body[f] ?? '').trim() !== '').map((f) => [f, body[f]!]));
  return toRecordInput(sent as RecordBody);
}

/** The customer's records of `domain`, through the client API's core commands. */
export function customerScope(ctx: Ctx, userId: number, domain: string): RecordScope {
  const me = { userId, domain };
  return {
    view: customerEditor,
    page: (page, keyword) => pageRecords(ctx, { ...me, page, keyword }),
    zone: async () => (await getManagedZone(ctx.store, ctx, userId, domain)).zone,
    get: (recordId) => getRecord(ctx, { ...me, recordId }),
    formOf(zone, record) {
      const form: RecordForm = { host: nameToHost(zone.name, record.name), content: record.content, ttl: String(record.ttl) };
      for (const [f, v] of Object.entries(recordInputFields(record))) if (f !== 'fallback_ip') form[f] = String(v);
      return form;
    },
    create: async (type, form) => void (await createRecord(ctx, { ...me, record: { ...customerInput(form), type } as RecordInput })),
    update: async (record, form) => void (await updateRecord(ctx, { ...me, recordId: record.id, patch: customerInput(form) })),
    delete: (recordId) => deleteRecord(ctx, { ...me, recordId }),
    typeField: 'type',
    nameField: 'host',
  };
}

/**
 * The form as the partner API's body. Its priority is an integer the document requires for every type
 * and the core keeps for MX and SRV only: one that is not a whole number is given as NaN, so that the
 * core says what a priority must be; a type without one sends 1 (the document's least), as a client of
 * the API would.
 */
function partnerInput(type: string, body: Form): PartnerRecordInput {
  const priority = (body.priority ?? '').trim();
  return {
    record_type_name: type,
    record_name: body.record_name ?? '',
    record_data: body.record_data ?? '',
    priority: !PARTNER_PRIORITY_TYPES.includes(type) ? 1 : /^[0-9]{1,9}$/.test(priority) ? Number(priority) : Number.NaN,
    fallback_ip: type === 'A' ? (body.fallback_ip ?? '').trim() || null : null,
  };
}

/** `partner`'s records of `domain` (its own domain or a client's), through the partner API's core commands. */
export function partnerScope(ctx: Ctx, partner: Partner, domain: string): RecordScope {
  const me = { partner, domain };
  return {
    view: partnerEditor,
    page: (page, keyword) => pagePartnerRecords(ctx, { ...me, page, keyword }),
    zone: async () => (await getPartnerZone(ctx.store, ctx, partner, domain)).zone,
    get: (recordId) => getPartnerRecord(ctx, { ...me, recordId }),
    formOf(zone, record) {
      const shown = presentRecord(record);
      return {
        record_name: nameToHost(zone.name, shown.name),
        record_data: shown.data,
        ...(PARTNER_PRIORITY_TYPES.includes(record.type) ? { priority: String(shown.priority) } : {}),
        ...(record.fallback_ip ? { fallback_ip: record.fallback_ip } : {}),
      };
    },
    create: async (type, form) => void (await createPartnerRecord(ctx, { ...me, record: partnerInput(type, form) })),
    update: async (record, form) => void (await updatePartnerRecord(ctx, { ...me, recordId: record.id, record: partnerInput(record.type, form) })),
    delete: (recordId) => deletePartnerRecord(ctx, { ...me, recordId }),
    typeField: 'record_type_name',
    nameField: 'record_name',
  };
}

const NOTICES = { added: 'records.added', updated: 'records.updated', deleted: 'records.deleted' } as const;

/**
 * A DNS editor under `base` (a path with :name, the domain): the records page, the type chooser and
 * forms, edit and delete. `scopeOf` gives the logged-in account's scope for the path's domain, or
 * undefined after it has answered (the login redirect). Every read and change is the scope's core
 * command; another account's domain is the core's forbidden, a 404 page, for every GET and POST. A
 * rejected zone (the domain not on our name servers, no zone yet) is the 400 page with the core's words.
 */
export function recordEditorRoutes(
  app: FastifyInstance,
  base: string,
  scopeOf: (request: FastifyRequest, reply: FastifyReply) => RecordScope | undefined,
): void {
  const domainOf = (request: FastifyRequest) => (request.params as Params).name;

  app.get(base, async (request, reply) => {
    const scope = scopeOf(request, reply);
    if (!scope) return reply;
    const query = request.query as Record<string, string | undefined>;
    const q = (query.q ?? '').trim().slice(0, 253);
    const page = pageNumber(query.page);
    const { zone, items, total } = await scope.page({ limit: RECORDS_PAGE_SIZE, offset: (page - 1) * RECORDS_PAGE_SIZE }, q);
    const pages = Math.max(1, Math.ceil(total / RECORDS_PAGE_SIZE));
    const t = stateOf(request).t;
    const done = query.done as keyof typeof NOTICES | undefined;
    const notice = done && Object.hasOwn(NOTICES, done) ? t(NOTICES[done]) : undefined;
    return sendPage(reply, 200, recordsPage(pageContext(request), scope.view(zone.name), { domain: zone.name, zone, records: items, total, q, page, pages, notice }));
  });

  app.get(`${base}/new`, async (request, reply) => {
    const scope = scopeOf(request, reply);
    if (!scope) return reply;
    const zone = await scope.zone();
    const view = scope.view(zone.name);
    const type = String((request.query as Form).type ?? '').trim().toUpperCase();
    if (!view.types.includes(type)) return sendPage(reply, 200, chooseTypePage(pageContext(request), view));
    return sendPage(reply, 200, recordFormPage(pageContext(request), view, { domain: zone.name, type, form: {} }));
  });

  app.post(`${base}/new`, async (request, reply) => {
    const scope = scopeOf(request, reply);
    if (!scope) return reply;
    const body = request.body as Form;
    const type = String(body.type ?? '').trim().toUpperCase();
    try {
      await scope.create(type, body);
    } catch (error) {
      // rejected: a type no form offers but the core knows as not to be added (the partner API's SOA).
      if (!(error instanceof DomainError) || (error.code !== 'invalid' && error.code !== 'rejected')) throw error;
      const zone = await scope.zone();
      const view = scope.view(zone.name);
      const c = pageContext(request);
      const errors = error.code === 'invalid'
        ? fieldErrors(c.t, error, scope.typeField)
        : { [view.types.includes(type) ? scope.nameField : 'type']: c.t.core(error.message) };
      // A type the dialect does not take: its message belongs beside the type chooser.
      if (!view.types.includes(type)) return sendPage(reply, 400, chooseTypePage(c, view, { error: errors.type ?? c.t.core(error.message) }));
      const names = view.fields(c.t, type, false).map((f) => f.name);
      return sendPage(reply, 400, recordFormPage(c, view, { domain: zone.name, type, form: formValues(body, names), errors }));
    }
    return reply.redirect(`${scope.view(domainOf(request)).href}?done=added`, 303);
  });

  app.get(`${base}/:id/edit`, async (request, reply) => {
    const scope = scopeOf(request, reply);
    if (!scope) return reply;
    const { zone, record } = await scope.get(recordId(request.params as Params));
    return sendPage(reply, 200, recordFormPage(pageContext(request), scope.view(zone.name), { domain: zone.name, type: record.type, id: record.id, form: scope.formOf(zone, record) }));
  });

  app.post(`${base}/:id/edit`, async (request, reply) => {
    const scope = scopeOf(request, reply);
    if (!scope) return reply;
    const { zone, record } = await scope.get(recordId(request.params as Params));
    const body = request.body as Form;
    try {
      await scope.update(record, body);
    } catch (error) {
      if (!(error instanceof DomainError) || (error.code !== 'invalid' && error.code !== 'rejected')) throw error;
      const view = scope.view(zone.name);
      const c = pageContext(request);
      const errors = error.code === 'invalid' ? fieldErrors(c.t, error, scope.typeField) : { [scope.nameField]: c.t.core(error.message) };
      const names = view.fields(c.t, record.type, true).map((f) => f.name);
      return sendPage(reply, 400, recordFormPage(c, view, { domain: zone.name, type: record.type, id: record.id, form: formValues(body, names), errors }));
    }
    return reply.redirect(`${scope.view(domainOf(request)).href}?done=updated`, 303);
  });

  app.get(`${base}/:id/delete`, async (request, reply) => {
    const scope = scopeOf(request, reply);
    if (!scope) return reply;
    const { zone, record } = await scope.get(recordId(request.params as Params));
    return sendPage(reply, 200, deleteRecordPage(pageContext(request), scope.view(zone.name), { domain: zone.name, zone, record }));
  });

  app.post(`${base}/:id/delete`, async (request, reply) => {
    const scope = scopeOf(request, reply);
    if (!scope) return reply;
    const id = recordId(request.params as Params);
    try {
      await scope.delete(id);
    } catch (error) {
      // The zone's own NS records are refused by the core (they follow the domain's name servers).
      if (!(error instanceof DomainError) || error.code !== 'rejected') throw error;
      const { zone, record } = await scope.get(id);
      return sendPage(reply, 400, deleteRecordPage(pageContext(request), scope.view(zone.name), { domain: zone.name, zone, record, error: stateOf(request).t.core(error.message) }));
    }
    return reply.redirect(`${scope.view(domainOf(request)).href}?done=deleted`, 303);
  });
}

/**
 * The customer's DNS editor under /panel/domains/:name/records, through the client API's core
 * commands (pageRecords is the paged form of its record list).
 */
export function dnsEditorRoutes(app: FastifyInstance): void {
  recordEditorRoutes(app, '/domains/:name/records', (request, reply) => {
    const user = customerOf(request, reply);
    return user && customerScope(ctxOf(request), user.id, (request.params as Params).name);
  });
}
