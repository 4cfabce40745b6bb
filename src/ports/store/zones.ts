import type { New, Patch, Zone } from '../store.js';

export interface ZoneRepository {
  findById(id: number): Promise<Zone | undefined>;
  findByName(name: string): Promise<Zone | undefined>;
  findByDomainId(domainId: number): Promise<Zone | undefined>;
  create(zone: New<Zone>): Promise<Zone>;
  update(id: number, patch: Patch<Zone>): Promise<void>;
  delete(id: number): Promise<void>;
}
