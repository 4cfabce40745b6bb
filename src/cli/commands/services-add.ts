import type { Command } from '../command.js';
import { requireString, withRuntime } from '../command.js';
import { euros, optionalString, parseCount, parseEuros, positionalsExactly, resolveUser } from '../options.js';
import { createService } from '../../core/services/create-service.js';

export const servicesAdd: Command = {
  words: ['services', 'add'],
  usage:
    'hostplane services add --user ID|USERNAME --name N --price EUR --period MONTHS [--domain FQDN] [--qty Q] [--renew] [--json]\n' +
    '      provision a service sold outside the API (a hosting plan): starts today, runs one period,\n' +
    '      not invoiced; --price is the unit price per period, VAT excluded; renews only with --renew',
  options: {
    user: { type: 'string' },
    name: { type: 'string' },
    price: { type: 'string' },
    period: { type: 'string' },
    domain: { type: 'string' },
    qty: { type: 'string' },
    renew: { type: 'boolean' },
  },
  async run({ values, positionals, out, io, actor }) {
    positionalsExactly(positionals, []);
    const user = requireString(values, 'user');
    const name = requireString(values, 'name');
    const priceCents = parseEuros(requireString(values, 'price'), 'price');
    const periodMonths = parseCount(requireString(values, 'period'), 'period');
    const qty = optionalString(values, 'qty');
    const service = await withRuntime({ io, actor }, async ({ ctx }) =>
      createService(ctx, {
        userId: (await resolveUser(ctx, user)).id, name, priceCents, periodMonths,
        domain: optionalString(values, 'domain'), qty: qty === undefined ? 1 : parseCount(qty, 'qty'),
        renew: values.renew === true,
      }),
    );
    out.result(
      {
        id: service.id, user_id: service.user_id, domain_id: service.domain_id, name: service.name, qty: service.qty,
        start_date: service.start_date, exp_date: service.exp_date, status: service.status, renew: service.renew === 1,
        price: service.price_cents / 100, billing_period_months: service.billing_period_months,
      },
      `service ${service.id}: ${service.qty} x ${service.name} at ${euros(service.price_cents)} EUR / ` +
        `${service.billing_period_months} months, ${service.start_date} - ${service.exp_date}` +
        (service.renew ? ', renews' : ''),
    );
  },
};
