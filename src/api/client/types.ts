import type { Ctx } from '../../core/context.js';
import type { TypedApp } from '../shared/typed-app.js';

export type { TypedApp };

/** What a client API route module exports: a function that adds its routes. */
export type ClientRoutes = (app: TypedApp, ctx: Ctx) => void;
