import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Ctx } from '../../src/core/context.js';
import { createPartner } from '../../src/core/partners/create-partner.js';
import { issuePartnerToken } from '../../src/core/partners/issue-token.js';
import { authenticatePartner } from '../../src/core/partners/authenticate-partner.js';
import { rotateClientSecret } from '../../src/core/partners/rotate-client-secret.js';
import { revokePartnerTokens } from '../../src/core/partners/revoke-partner-tokens.js';
import { startTestRuntime, type TestRuntime } from '../helpers/server.js';

/**
 * Minting and refreshing racing a secret rotation or a token revocation. On PostgreSQL, without the
 * partner's row lock, a mint that had checked the old secret could insert its pair after the
 * revocation's UPDATE had looked, and the pair would outlive the rotation.
 */
describe('store: partner credentials taken back while tokens are minted', () => {
  let test: TestRuntime;
  let ctx: Ctx;

  before(async () => {
    test = await startTestRuntime();
    ctx = test.ctx;
  });
  after(() => test?.close());

  const works = async (bearer: string) => {
    try {
      await authenticatePartner(ctx, bearer);
      return true;
    } catch {
      return false;
    }
  };

  it('no token minted with the old secret outlives its rotation', async () => {
    for (let round = 0; round < 5; round++) {
      const created = await createPartner(ctx, { name: `Racing ${round}` });
      const mint = () =>
        issuePartnerToken(ctx, { grant_type: 'client_credentials', client_id: created.clientId, client_secret: created.clientSecret });
      const seed = await mint();
      const work: Array<Promise<unknown>> = [];
      for (let i = 0; i < 8; i++) work.push(mint(), issuePartnerToken(ctx, { grant_type: 'refresh_token', refresh_token: seed.refresh_token }));
      work.splice(8, 0, rotateClientSecret(ctx, { partnerId: created.partner.id }));
      const results = await Promise.allSettled(work);
      for (const r of results) {
        if (r.status !== 'fulfilled' || !(r.value as { access_token?: string }).access_token) continue;
        const pair = r.value as { access_token: string };
        assert.equal(await works(pair.access_token), false, `round ${round}: a token minted around the rotation still works`);
      }
    }
  });

  it('a token revocation leaves no pair of the moment working, and later mints work', async () => {
    const created = await createPartner(ctx, { name: 'Revoked while minting' });
    const mint = () =>
      issuePartnerToken(ctx, { grant_type: 'client_credentials', client_id: created.clientId, client_secret: created.clientSecret });
    const before = await Promise.all([mint(), mint(), mint()]);
    const settled = await Promise.allSettled([revokePartnerTokens(ctx, { partnerId: created.partner.id }), ...before.map((b) =>
      issuePartnerToken(ctx, { grant_type: 'refresh_token', refresh_token: b.refresh_token }))]);
    // Each refresh ran before the revocation (its pair was revoked) or after (its token was revoked: invalid_grant).
    for (const r of settled.slice(1)) {
      if (r.status === 'fulfilled') assert.equal(await works((r.value as { access_token: string }).access_token), false);
    }
    for (const b of before) assert.equal(await works(b.access_token), false);
    assert.equal(await works((await mint()).access_token), true);
  });
});
