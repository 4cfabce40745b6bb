import type { FastifyInstance } from 'fastify';
import { addClient, type AddClientInput } from '../../core/partners/clients/add-client.js';
import { updateClient } from '../../core/partners/clients/update-client.js';
import { clientView } from '../../core/partners/clients/client-view.js';
import { getPartnerClient } from '../../core/partners/partner-scope.js';
import type { ClientFieldsInput } from '../../core/partners/clients/client-rules.js';
import { toClientWire } from '../../api/partner/mappers/client.mapper.js';
import { pageContext, sendPage } from '../request-state.js';
import { CLIENT_FORM_FIELDS, clientFormPage, clientPath, type ClientForm } from '../views/partner-clients.js';
import { partnerOf, pathId } from './partner-account.js';
import { formErrors } from '../form-errors.js';
import { ctxOf } from '../../api/shared/actor-hook.js';

type Form = Record<string, string | undefined>;

/** What was typed, to show again (never the password). */
const formValues = (body: Form): ClientForm =>
  Object.fromEntries([...CLIENT_FORM_FIELDS, 'client_type'].map((f) => [f, body[f] ?? '']));

/**
 * The form as the partner API's body: its fields by the same names, as text (the API takes postcode
 * and phone as text too). An empty identity field is sent as "" (none), as the API's client sends
 * it; every rule is the core's.
 */
function clientFields(body: Form): ClientFieldsInput {
  return Object.fromEntries(CLIENT_FORM_FIELDS.map((f) => [f, body[f] ?? ''])) as ClientFieldsInput;
}

/**
 * A partner adds a client (/panel/clients/new: the partner API's clients/add, core addClient) and
 * edits one (/panel/clients/:id/edit: its PUT clients/{id}, core updateClient). Another partner's
 * client, or a customer's account, is the core's forbidden/not_found: the 404 page.
 */
export function partnerClientRoutes(app: FastifyInstance): void {
  app.get('/clients/new', async (request, reply) => {
    if (!partnerOf(request, reply)) return reply;
    return sendPage(reply, 200, clientFormPage(pageContext(request), { form: {} }));
  });

  app.post('/clients/new', async (request, reply) => {
    const ctx = ctxOf(request);
    const partner = partnerOf(request, reply);
    if (!partner) return reply;
    const body = request.body as Form;
    let id: number;
    try {
      const input: AddClientInput = { ...clientFields(body), password: body.password ?? '', client_type: body.client_type ?? '' };
      id = (await addClient(ctx, partner, input)).user.id;
    } catch (err) {
      const c = pageContext(request);
      const errors = formErrors(c.t, err, 'firstname', (f) => f);
      if (!errors) throw err;
      return sendPage(reply, 400, clientFormPage(c, { form: formValues(body), errors }));
    }
    return reply.redirect(clientPath(id), 303);
  });

  app.get('/clients/:id/edit', async (request, reply) => {
    const ctx = ctxOf(request);
    const partner = partnerOf(request, reply);
    if (!partner) return reply;
    const user = await getPartnerClient(ctx.store, partner, pathId((request.params as { id: string }).id));
    const wire = toClientWire(await clientView(ctx.store, user));
    return sendPage(reply, 200, clientFormPage(pageContext(request), { id: user.id, name: `${wire.firstname} ${wire.lastname}`, form: wire }));
  });

  app.post('/clients/:id/edit', async (request, reply) => {
    const ctx = ctxOf(request);
    const partner = partnerOf(request, reply);
    if (!partner) return reply;
    const id = pathId((request.params as { id: string }).id);
    const body = request.body as Form;
    try {
      await updateClient(ctx, partner, id, clientFields(body));
    } catch (err) {
      const c = pageContext(request);
      const errors = formErrors(c.t, err, 'firstname', (f) => f);
      if (!errors) throw err;
      // Read anew through the core: the name in the title is the stored one, and another partner's client is still a 404.
      const user = await getPartnerClient(ctx.store, partner, id);
      const { contact } = await clientView(ctx.store, user);
      return sendPage(reply, 400, clientFormPage(c, { id, name: `${contact.first_name} ${contact.last_name}`, form: formValues(body), errors }));
    }
    return reply.redirect(clientPath(id), 303);
  });
}
