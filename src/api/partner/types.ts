import type { Ctx } from '../../core/context.js';
import type { TypedApp } from '../shared/typed-app.js';

export type { TypedApp };

/** What a partner API route module exports: a function that adds its routes. */
export type PartnerRoutes = (app: TypedApp, ctx: Ctx) => void;
