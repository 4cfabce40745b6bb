import type { Command } from '../command.js';
import { withRuntime } from '../command.js';
import { euros, positionalsExactly, table } from '../options.js';
import { listTlds } from '../../core/catalog/list-tlds.js';
import { describeRules, rulesColumns, rulesOf } from '../../core/catalog/name-rules.js';

export const tldsList: Command = {
  words: ['tlds', 'list'],
  usage: 'hostplane tlds list [--json]   TLDs, whether on sale, prices per period (EUR, VAT excluded), name rules, identity rule',
  async run({ positionals, out, io, actor }) {
    positionalsExactly(positionals, []);
    const tlds = await withRuntime({ io, actor }, ({ ctx }) => listTlds(ctx));
    const data = tlds.map(({ tld, prices }) => ({
      tld: tld.tld,
      on_sale: tld.on_sale === 1,
      prices: prices.map((p) => ({ period_months: p.period_months, price: p.price_cents / 100 })),
      rules: rulesColumns(rulesOf(tld)),
      registrant_identity_required: tld.registrant_identity_required === 1,
    }));
    out.result({ data }, () => table([
      ['TLD', 'SALE', 'IDENTITY', 'PRICES (months: EUR)', 'NAMES'],
      ...tlds.map(({ tld, prices }) => [
        tld.tld, tld.on_sale ? 'on' : 'off', tld.registrant_identity_required ? 'required' : '-', prices.map((p) => `${p.period_months}: ${euros(p.price_cents)}`).join(', '),
        describeRules(rulesOf(tld)),
      ]),
    ]));
  },
};
