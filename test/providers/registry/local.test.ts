import { describeRegistry } from './conformance.js';
import { startTestRuntime } from '../../helpers/server.js';
import { LocalRegistry } from '../../../src/providers/registry/local/local-registry.js';

describeRegistry('local', async () => {
  const { runtime, ctx, close } = await startTestRuntime();
  void runtime;
  return {
    registry: new LocalRegistry(ctx.store, ctx.clock, 'hostplane'),
    other: new LocalRegistry(ctx.store, ctx.clock, 'other-registrar'),
    tld: 'fi',
    close,
  };
});
