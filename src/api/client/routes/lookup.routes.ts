import { Type } from '@sinclair/typebox';
import type { ClientRoutes } from '../types.js';
import { errorResponses } from '../errors.js';
import { Envelope, ok } from '../schemas/envelope.js';
import { AvailabilitySchema, DomainParam, WhoisSchema } from '../schemas/lookup.schema.js';
import { toAvailabilityWire, toWhoisWire } from '../mappers/lookup.mapper.js';
import { checkAvailability } from '../../../core/lookup/check-availability.js';
import { lookupWhois } from '../../../core/lookup/whois.js';
import { ctxOf } from '../../shared/actor-hook.js';

/** Public lookups: anyone may ask, no token. */
export const lookupRoutes: ClientRoutes = (app) => {
  app.get('/domain/:domain/check', {
    schema: {
      tags: ['Domain Search'],
      summary: 'Domain Availability',
      description:
        'Check domain availability details. A full name ("test.com") answers one object; a bare name ("test") ' +
        'answers one object per TLD on sale. Unicode names are accepted URL-encoded; `sld` and `tld` are answered ' +
        'in punycode. `info` is "invalid" for a TLD not sold here or a name its registry\'s rules refuse (length, ' +
        'characters); `message` then says why (each invalid answer\'s reason, for a bare name).',
      params: DomainParam,
      response: {
        200: Envelope(Type.Union([AvailabilitySchema, Type.Array(AvailabilitySchema)])),
        ...errorResponses(400, 422, 503),
      },
    },
    handler: async (req) => {
      const result = await checkAvailability(ctxOf(req), req.params.domain);
      // The document's answer has no per-name field for a reason; its `message` carries it.
      const reasons = (Array.isArray(result) ? result : [result]).flatMap((a) => (a.reason === undefined ? [] : [a.reason]));
      return ok(Array.isArray(result) ? result.map(toAvailabilityWire) : toAvailabilityWire(result), reasons.join(' '));
    },
  });

  app.get('/domain/:domain/whois', {
    schema: {
      tags: ['Domain WHOIS'],
      summary: 'WHOIS Information',
      description:
        'Get WHOIS information for the specified Domain. Names registered here are answered from our registry; ' +
        'others from their TLD\'s WHOIS server (502 when it cannot be reached; 503 with Retry-After when our registry cannot answer now). Fields the server does not give are null.',
      params: DomainParam,
      response: {
        200: Envelope(WhoisSchema),
        ...errorResponses(400, 422, 502, 503),
      },
    },
    handler: async (req) => ok(toWhoisWire(await lookupWhois(ctxOf(req), req.params.domain))),
  });
};
