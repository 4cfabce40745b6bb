import type { TypedApp } from '../shared/typed-app.js';

export type { TypedApp };

/**
 * What a partner API route module exports: a function that adds its routes. It gets no ctx: each
 * handler acts with its request's (ctxOf(req), api/shared/actor-hook.ts), which names who acts.
 */
export type PartnerRoutes = (app: TypedApp) => void;
