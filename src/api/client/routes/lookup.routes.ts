import type { ClientRoutes } from '../types.js';

// TODO(in progress this session): routes not written yet.
export const lookupRoutes: ClientRoutes = () => {};
