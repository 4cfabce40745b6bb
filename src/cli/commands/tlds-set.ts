import type { Command } from '../command.js';
import { withRuntime } from '../command.js';
import { euros, optionalString, parseCount, parseEuros, positionalsExactly } from '../options.js';
import { invalidField } from '../../core/errors.js';
import { SALE_PERIODS_MONTHS as YEAR_PERIODS, TLD_MAX_PERIOD_MONTHS, setTld } from '../../core/catalog/set-tld.js';
import { describeRules, rulesColumns, rulesOf, type NameRulesInput } from '../../core/catalog/name-rules.js';

export const tldsSet: Command = {
  words: ['tlds', 'set'],
  usage:
    'hostplane tlds set TLD [--price-12 EUR] [--price-24 EUR] ... [--price-120 EUR] [--period MONTHS --price EUR]\n' +
    '                      [--remove-period MONTHS]... [--on-sale|--off-sale]\n' +
    '                      [--min-length N] [--max-length N] [--idn-chars CHARS] [--idn-scripts SCRIPT,...]\n' +
    '                      [--identity-required|--identity-optional] [--json]\n' +
    '      add or change a TLD: prices are per whole period, VAT excluded, for 1-10 years (12-120 months,\n' +
    '      as the APIs sell domains); a new TLD goes on sale; a TLD on sale needs at least one price.\n' +
    '      Name rules, as the registry publishes them: length in characters (a new TLD: 2-63), characters\n' +
    '      allowed beyond a-z, 0-9 and hyphen ("åäö"; "" none), Unicode scripts allowed ("Latin,Cyrillic";\n' +
    '      "*" any; "" none)',
  options: {
    ...Object.fromEntries(YEAR_PERIODS.map((m) => [`price-${m}`, { type: 'string' as const }])),
    period: { type: 'string' },
    price: { type: 'string' },
    'remove-period': { type: 'string', multiple: true },
    'on-sale': { type: 'boolean' },
    'off-sale': { type: 'boolean' },
    'min-length': { type: 'string' },
    'max-length': { type: 'string' },
    'idn-chars': { type: 'string' },
    'idn-scripts': { type: 'string' },
    'identity-required': { type: 'boolean' },
    'identity-optional': { type: 'boolean' },
  },
  positionals: ['tld'],
  async run({ values, positionals, out, io, actor }) {
    positionalsExactly(positionals, ['tld']);
    const prices: Array<{ periodMonths: number; priceCents: number }> = [];
    for (const m of YEAR_PERIODS) {
      const v = optionalString(values, `price-${m}`);
      if (v !== undefined) prices.push({ periodMonths: m, priceCents: parseEuros(v, `price-${m}`) });
    }
    const period = optionalString(values, 'period');
    const price = optionalString(values, 'price');
    if ((period === undefined) !== (price === undefined)) throw invalidField('period', '--period and --price go together');
    if (period !== undefined && price !== undefined) {
      const months = parseCount(period, 'period', 12, TLD_MAX_PERIOD_MONTHS);
      if (months % 12 !== 0) throw invalidField('period', `--period must be whole years: 12, 24, ... ${TLD_MAX_PERIOD_MONTHS} months, got ${months}`);
      prices.push({ periodMonths: months, priceCents: parseEuros(price, 'price') });
    }
    // Declared `multiple`, so parseArgs gives a list, whatever CommandArgs' common type says.
    const removePeriods = ((values['remove-period'] as unknown as string[] | undefined) ?? [])
      .map((m) => parseCount(m, 'remove-period', 1, TLD_MAX_PERIOD_MONTHS));
    if (values['on-sale'] && values['off-sale']) throw invalidField('on_sale', '--on-sale and --off-sale exclude each other');
    const onSale = values['on-sale'] ? true : values['off-sale'] ? false : undefined;

    const length = (option: string) => {
      const v = optionalString(values, option);
      return v === undefined ? undefined : parseCount(v, option.replace('-', '_'), 0, 1_000_000, `--${option}`);
    };
    const rules: NameRulesInput = {
      minLength: length('min-length'),
      maxLength: length('max-length'),
      idnChars: optionalString(values, 'idn-chars'),
      idnScripts: optionalString(values, 'idn-scripts'),
    };
    const givesRules = Object.values(rules).some((v) => v !== undefined);
    if (values['identity-required'] && values['identity-optional']) {
      throw invalidField('identity_required', '--identity-required and --identity-optional exclude each other');
    }
    const identityRequired = values['identity-required'] ? true : values['identity-optional'] ? false : undefined;

    const { tld, prices: now } = await withRuntime({ io, actor }, ({ ctx }) =>
      setTld(ctx, { tld: positionals[0]!, onSale, prices, removePeriods, rules: givesRules ? rules : undefined, identityRequired }),
    );
    out.result(
      {
        tld: tld.tld,
        on_sale: tld.on_sale === 1,
        prices: now.map((p) => ({ period_months: p.period_months, price: p.price_cents / 100 })),
        rules: rulesColumns(rulesOf(tld)),
        registrant_identity_required: tld.registrant_identity_required === 1,
      },
      `.${tld.tld} ${tld.on_sale ? 'on sale' : 'off sale'}: ` +
        (now.map((p) => `${p.period_months} months ${euros(p.price_cents)}`).join(', ') || 'no prices') +
        `; names ${describeRules(rulesOf(tld))}` +
        (tld.registrant_identity_required === 1 ? '; registrant identity number required' : ''),
    );
  },
};
