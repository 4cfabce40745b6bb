import { Type } from '@sinclair/typebox';
import type { PartnerRoutes } from '../types.js';
import { issuePartnerToken } from '../../../core/partners/issue-token.js';
import { partnerErrors } from '../errors.js';

/**
 * POST /auth/token: not in the document, but called by programs in use. Client credentials (or a
 * refresh token) for a Bearer access token that then works wherever an API key does.
 */
export const authRoutes: PartnerRoutes = (app, ctx) => {
  app.post(
    '/auth/token',
    {
      schema: {
        tags: ['Partner: Authentication'],
        summary: 'Exchange client credentials or a refresh token for an access token',
        body: Type.Union([
          Type.Object({
            grant_type: Type.Literal('client_credentials'),
            client_id: Type.Optional(Type.String({ maxLength: 200 })),
            client_secret: Type.Optional(Type.String({ maxLength: 200 })),
          }),
          Type.Object({ grant_type: Type.Literal('refresh_token'), refresh_token: Type.Optional(Type.String({ maxLength: 200 })) }),
        ]),
        response: {
          200: Type.Object({
            token_type: Type.Literal('Bearer'),
            expires_in: Type.Integer(),
            access_token: Type.String(),
            refresh_token: Type.String(),
          }),
          ...partnerErrors(401, 422),
        },
      },
    },
    async (req) => issuePartnerToken(ctx, req.body),
  );
};
