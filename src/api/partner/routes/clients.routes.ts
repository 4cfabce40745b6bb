import { Type } from '@sinclair/typebox';
import type { PartnerRoutes } from '../types.js';
import { currentPartner } from '../auth-guard.js';
import { partnerErrors } from '../errors.js';
import { PartnerEnvelope, partnerOk } from '../schemas/envelope.js';
import { AddClientBody, ClientIdParams, ClientListQuery, ClientSchema, SavedClientSchema, UpdateClientBody } from '../schemas/client.schema.js';
import { toClientWire, toSavedClientWire } from '../mappers/client.mapper.js';
import { notFound } from '../../../core/errors.js';
import { listClients } from '../../../core/partners/clients/list-clients.js';
import { addClient } from '../../../core/partners/clients/add-client.js';
import { updateClient } from '../../../core/partners/clients/update-client.js';
import { deleteClient } from '../../../core/partners/clients/delete-client.js';
import { ctxOf } from '../../shared/actor-hook.js';

const TAGS = ['Partner: Clients'];

/** A client id from the path; anything that is not one names no client. */
function clientId(param: string): number {
  const id = /^[0-9]{1,15}$/.test(param) ? Number(param) : NaN;
  if (!Number.isSafeInteger(id) || id < 1) throw notFound('Client not found.');
  return id;
}

/**
 * The document's Clients APIs. A client is a customer account owned by the partner; with its e-mail
 * and password it logs in to the client API too. Add and update answer `data` as an array of the one
 * client, as the examples do. Every value is a string, as the document shows them, except the id of
 * add and update, which their examples show as a number (the list's is a string).
 */
export const clientRoutes: PartnerRoutes = (app) => {
  app.get(
    '/clients',
    {
      schema: {
        tags: TAGS,
        summary: 'Get list clients',
        querystring: ClientListQuery,
        response: { 200: PartnerEnvelope(Type.Array(ClientSchema)), ...partnerErrors(401, 422) },
      },
    },
    async (req) => partnerOk('List clients', (await listClients(ctxOf(req), currentPartner(req), req.query.keyword)).map(toClientWire)),
  );

  app.post(
    '/clients/add',
    {
      schema: {
        tags: TAGS,
        summary: 'Add client',
        description: 'Creates a customer account owned by the partner; the client logs in to the client API with its e-mail and password.',
        body: AddClientBody,
        response: { 200: PartnerEnvelope(Type.Array(SavedClientSchema)), ...partnerErrors(401, 422) },
      },
    },
    async (req) => partnerOk('Added Client', [toSavedClientWire(await addClient(ctxOf(req), currentPartner(req), req.body))]),
  );

  app.put(
    '/clients/:clientId',
    {
      schema: {
        tags: TAGS,
        summary: 'Update client',
        description: 'Replaces the documented fields (required ones again; an absent optional field is cleared). A new e-mail is also the new login name.',
        params: ClientIdParams,
        body: UpdateClientBody,
        response: { 200: PartnerEnvelope(Type.Array(SavedClientSchema)), ...partnerErrors(401, 403, 404, 422) },
      },
    },
    async (req) => {
      const view = await updateClient(ctxOf(req), currentPartner(req), clientId(req.params.clientId), req.body);
      return partnerOk('Updated Client', [toSavedClientWire(view)]);
    },
  );

  app.delete(
    '/clients/:clientId',
    {
      schema: {
        tags: TAGS,
        summary: 'Delete client',
        description: 'Refused (422) while the client holds a live domain or an active service.',
        params: ClientIdParams,
        response: {
          200: Type.Object({ success: Type.Literal(true), message: Type.String() }),
          ...partnerErrors(401, 403, 404, 422),
        },
      },
    },
    async (req) => {
      await deleteClient(ctxOf(req), currentPartner(req), clientId(req.params.clientId));
      return { success: true as const, message: 'Deleted Client' };
    },
  );
};
