import type { PartnerRoutes } from '../types.js';

// TODO(in progress this session): routes not written yet.
export const productRoutes: PartnerRoutes = () => {};
