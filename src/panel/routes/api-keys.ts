import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Partner } from '../../ports/store/partners.js';
import type { Ctx } from '../../core/context.js';
import { notFound } from '../../core/errors.js';
import { addApiKey } from '../../core/partners/add-api-key.js';
import { listApiKeys } from '../../core/partners/list-api-keys.js';
import { revokeApiKey } from '../../core/partners/revoke-api-key.js';
import { pageContext, sendPage } from '../request-state.js';
import { API_KEYS_PATH, apiKeysPage, newApiKeyPage, revokeApiKeyPage } from '../views/api-keys.js';
import { partnerOf } from './partner-account.js';
import { formErrors } from '../form-errors.js';
import { ctxOf } from '../../api/shared/actor-hook.js';

/** The partner's own key named by the path's prefix; another partner's, or none, is the 404 page. */
async function keyOf(ctx: Ctx, partner: Partner, request: FastifyRequest) {
  const { prefix } = request.params as { prefix: string };
  const key = (await listApiKeys(ctx, { partnerId: partner.id })).find((k) => k.prefix === prefix);
  if (!key) throw notFound();
  return key;
}

/**
 * The partner's API keys under /panel/api-keys: the list (core listApiKeys), a new key (addApiKey,
 * its value shown once on the page answering the POST: 200 and no-store, never a redirect that
 * would carry it or a page that could show it again) and revoking one (revokeApiKey, limited to the
 * partner's own keys, after a confirmation page).
 */
export function apiKeyRoutes(app: FastifyInstance): void {
  app.get('/api-keys', async (request, reply) => {
    const ctx = ctxOf(request);
    const partner = partnerOf(request, reply);
    if (!partner) return reply;
    const keys = await listApiKeys(ctx, { partnerId: partner.id });
    return sendPage(reply, 200, apiKeysPage(pageContext(request), { keys, revoked: (request.query as Record<string, string | undefined>).done === 'revoked' }));
  });

  app.post('/api-keys', async (request, reply) => {
    const ctx = ctxOf(request);
    const partner = partnerOf(request, reply);
    if (!partner) return reply;
    const { value } = await addApiKey(ctx, { partnerId: partner.id });
    reply.header('Cache-Control', 'no-store');
    // The language switch goes to the list: this page has no address to come back to.
    return sendPage(reply, 200, newApiKeyPage({ ...pageContext(request), path: API_KEYS_PATH }, { value }));
  });

  app.get('/api-keys/:prefix/revoke', async (request, reply) => {
    const ctx = ctxOf(request);
    const partner = partnerOf(request, reply);
    if (!partner) return reply;
    return sendPage(reply, 200, revokeApiKeyPage(pageContext(request), { key: await keyOf(ctx, partner, request) }));
  });

  app.post('/api-keys/:prefix/revoke', async (request, reply) => {
    const ctx = ctxOf(request);
    const partner = partnerOf(request, reply);
    if (!partner) return reply;
    const { prefix } = request.params as { prefix: string };
    try {
      await revokeApiKey(ctx, { key: prefix, partnerId: partner.id });
    } catch (err) {
      // Already revoked (the core's rejected): said on the confirmation page; another partner's key is the 404 page.
      const c = pageContext(request);
      const errors = formErrors(c.t, err, 'revoke', (f) => f);
      if (!errors) throw err;
      return sendPage(reply, 400, revokeApiKeyPage(c, { key: await keyOf(ctx, partner, request), error: errors.revoke }));
    }
    return reply.redirect(`${API_KEYS_PATH}?done=revoked`, 303);
  });
}
