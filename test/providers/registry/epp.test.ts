import { describeRegistry } from './conformance.js';
import { eppRegistry, startRegistry } from './epp-harness.js';

describeRegistry('epp', async () => {
  const server = await startRegistry();
  const ours = eppRegistry(server, 0);
  const theirs = eppRegistry(server, 1);
  return {
    registry: ours.registry,
    other: theirs.registry,
    tld: 'fi',
    async close() {
      await ours.registry.close();
      await theirs.registry.close();
      await server.close();
    },
  };
});
