import { Type } from '@sinclair/typebox';
import type { ClientRoutes } from '../types.js';
import { currentUser } from '../auth-guard.js';
import { errorResponses } from '../errors.js';
import { Envelope, MessageEnvelope, done, ok } from '../schemas/envelope.js';
import { DomainParams, NameserverSchema, NameserversBody } from '../schemas/domain.schema.js';
import { toNameserverWire } from '../mappers/domain.mapper.js';
import { getNameservers } from '../../../core/domains/get-nameservers.js';
import { setNameservers } from '../../../core/domains/set-nameservers.js';
import { parkDomain } from '../../../core/domains/park-domain.js';
import { ctxOf } from '../../shared/actor-hook.js';

/** The document's own spelling. */
const UPDATED = 'Name servers updated succesfully';

export const nameserverRoutes: ClientRoutes = (app) => {
  app.get(
    '/domain/domains/:domain/nameservers',
    {
      schema: {
        tags: ['Name Servers'],
        summary: 'Retrieve name servers for the specified Domain',
        params: DomainParams,
        response: { 200: Envelope(Type.Array(NameserverSchema)), ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (req) => ok((await getNameservers(ctxOf(req), currentUser(req).id, req.params.domain)).map(toNameserverWire)),
  );

  // PUT replaces the list, PATCH adds to it; DELETE, not in the document (which has no way to take one
  // name server off but a PUT of the whole list), is PATCH's counterpart with the same body. Each is one
  // call of setNameservers, which checks the list the domain is left with.
  const edits = [
    { method: 'PUT', mode: 'replace', summary: 'Replace all name servers for the specified Domain' },
    {
      method: 'PATCH', mode: 'add', summary: 'Add the specified name servers to the specified Domain',
      description: 'Names already there are not added twice; the list the domain is left with must hold 2-13.',
    },
    {
      method: 'DELETE', mode: 'remove', summary: 'Remove the specified name servers from the specified Domain',
      description: 'Each name must be one of the domain\'s name servers, and at least 2 must remain.',
    },
  ] as const;
  for (const edit of edits) {
    app.route({
      method: edit.method,
      url: '/domain/domains/:domain/nameservers',
      schema: {
        tags: ['Name Servers'],
        summary: edit.summary,
        ...('description' in edit ? { description: edit.description } : {}),
        params: DomainParams,
        body: NameserversBody,
        response: { 200: MessageEnvelope, ...errorResponses(400, 401, 403, 404, 422, 503) },
      },
      handler: async (req) => {
        await setNameservers(ctxOf(req), currentUser(req).id, req.params.domain, { nameservers: req.body.nameservers, mode: edit.mode });
        return done(UPDATED);
      },
    });
  }

  app.put(
    '/domain/domains/:domain/nameservers/park',
    {
      schema: {
        tags: ['Name Servers'],
        summary: 'Park Domain',
        description: "Replace current name servers with the provider's park servers for the specified Domain.",
        params: DomainParams,
        response: { 200: MessageEnvelope, ...errorResponses(400, 401, 403, 404, 422, 503) },
      },
    },
    async (req) => {
      await parkDomain(ctxOf(req), currentUser(req).id, req.params.domain);
      return done(UPDATED);
    },
  );
};
