import { Type } from '@sinclair/typebox';
import type { ClientRoutes } from '../types.js';
import { login } from '../../../core/accounts/login.js';
import { refreshToken } from '../../../core/accounts/refresh-token.js';
import { DomainError } from '../../../core/errors.js';
import { MAX_RESET_REQUESTS, RESET_MINUTES, confirmPasswordReset, requestPasswordReset } from '../../../core/accounts/password-reset.js';
import { bearerToken } from '../auth-guard.js';
import { errorResponses } from '../errors.js';
import { Envelope, ok } from '../schemas/envelope.js';
import { ctxOf } from '../../shared/actor-hook.js';

const TokenData = Type.Object({
  token: Type.String({ description: 'The access token' }),
  token_type: Type.Literal('bearer'),
  expires_in: Type.Integer({ description: 'Seconds until the token expires (always 86400)' }),
});

const tokenResponse = (t: { token: string; expiresIn: number }) =>
  ok({ token: t.token, token_type: 'bearer' as const, expires_in: t.expiresIn });

export const authRoutes: ClientRoutes = (app) => {
  app.post(
    '/auth',
    {
      schema: {
        tags: ['Authentication'],
        summary: 'Authenticate via credentials (username & password)',
        body: Type.Object({
          username: Type.String({ minLength: 1, maxLength: 255 }),
          password: Type.String({ minLength: 1, maxLength: 1024 }),
        }),
        description:
          'Failed logins are limited per username (5 in 15 minutes) and per source address (an IPv6 /64; ' +
          'LOGIN_ADDRESS_FAILURES, 30 in 15 minutes): beyond, 429 with Retry-After. When the server is ' +
          'already checking LOGIN_VERIFICATIONS passwords at once, 503 with Retry-After.',
        response: { 200: Envelope(TokenData), ...errorResponses(422, 429, 503) },
      },
    },
    async (req) => tokenResponse(await login(ctxOf(req), { ...req.body, address: req.ip })),
  );

  app.get(
    '/auth/refresh',
    {
      schema: {
        tags: ['Authentication'],
        summary: 'Generate a new token from the previous one (valid, or expired less than 14 days ago)',
        security: [{ bearerAuth: [] }],
        response: { 200: Envelope(TokenData), ...errorResponses(401) },
      },
    },
    async (req) => {
      const token = bearerToken(req);
      if (!token) throw new DomainError('unauthenticated', 'Access token error');
      return tokenResponse(await refreshToken(ctxOf(req), token));
    },
  );

  app.post(
    '/auth/password-reset',
    {
      schema: {
        tags: ['Authentication'],
        summary: 'Ask for a password reset link by e-mail (not in the original document)',
        description:
          `The account whose e-mail address this is gets a message with a link that sets a new password (the panel's page ` +
          `/panel/password-reset/new?token=...; a client may instead POST the token it carries to /auth/password-reset/confirm), ` +
          `working once, for ${RESET_MINUTES} minutes. The answer is 200 ` +
          `whether or not an account has the address. At most ${MAX_RESET_REQUESTS} requests per address in 15 minutes, and ` +
          'each counts against the source address\'s failed-login budget: beyond, 429 with Retry-After.',
        body: Type.Object({ email: Type.String({ minLength: 1, maxLength: 255 }) }),
        response: { 200: Envelope(Type.Null()), ...errorResponses(422, 429) },
      },
    },
    async (req) => {
      await requestPasswordReset(ctxOf(req), { email: req.body.email, address: req.ip });
      return ok(null, 'If an account has this e-mail address, a link to reset its password was sent to it');
    },
  );

  app.post(
    '/auth/password-reset/confirm',
    {
      schema: {
        tags: ['Authentication'],
        summary: 'Set a new password with a reset link\'s token (not in the original document)',
        description:
          'Sets the password (at least 8 characters) and ends the token, every other reset link of the account, and every ' +
          'access token and session issued before. 422 names the token when it is unknown, used or past its time.',
        body: Type.Object({
          token: Type.String({ minLength: 1, maxLength: 255 }),
          password: Type.String({ minLength: 1, maxLength: 1024 }),
        }),
        response: { 200: Envelope(Type.Null()), ...errorResponses(422) },
      },
    },
    async (req) => {
      await confirmPasswordReset(ctxOf(req), req.body);
      return ok(null, 'The password was changed');
    },
  );
};
