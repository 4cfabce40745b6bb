import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../helpers/server.js';

describe('job runner', () => {
  it('keeps draining after a drain failed because the store did', async () => {
    const t = await startTestServer();
    try {
      const { ctx } = t.server.runtime;
      const due = ctx.store.jobs.due.bind(ctx.store.jobs);
      ctx.store.jobs.due = async () => {
        throw new Error('store unreachable');
      };
      await assert.rejects(ctx.jobs.drain(), /store unreachable/);
      ctx.store.jobs.due = due;
      const job = await ctx.store.jobs.enqueue('no.such.kind', {}, t.clock.now().toISOString());
      await ctx.jobs.drain();
      assert.equal((await ctx.store.jobs.findById(job.id))?.status, 'failed', 'the next drain ran the job');
    } finally {
      await t.close();
    }
  });
});
