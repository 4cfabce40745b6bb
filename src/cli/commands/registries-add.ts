import type { Command } from '../command.js';
import { requireString, usageError, withRuntime } from '../command.js';
import { optionalString, parseCount, positionalsExactly } from '../options.js';
import { registryLines, registryView } from '../views.js';
import { addRegistry } from '../../core/registries/add-registry.js';
import { DEFAULT_SESSIONS, MAX_COMMANDS_PER_SECOND, MAX_SESSIONS } from '../../core/registries/registry-rules.js';

export const registriesAdd: Command = {
  words: ['registries', 'add'],
  usage:
    'hostplane registries add NAME --host H --port P --username U --password-file F --tlds TLD,... [--ca FILE]\n' +
    `                          [--cert FILE --key FILE] [--sessions N] [--rate N] [--host-attr] [--contact-roles admin,tech]\n` +
    '                          [--replace] [--json]\n' +
    '      an EPP registry (RFC 5730-5734) and the TLDs it serves from now on (they must be in the catalogue, and\n' +
    '      no other registry\'s). Secrets stay in your files: the password file (the EPP password alone), the\n' +
    '      registry\'s CA (PEM, when its certificate is not signed by a public CA) and your client certificate and\n' +
    `      unencrypted key (PEM); only their paths are kept, and they are read on connecting. --sessions: logged-in\n` +
    `      sessions kept open (1-${MAX_SESSIONS}, ${DEFAULT_SESSIONS}); --rate: commands a second across them (0-${MAX_COMMANDS_PER_SECOND}, 0: no limit);\n` +
    '      --host-attr: name servers as attributes with their addresses (.eu) rather than host objects;\n' +
    '      --contact-roles: the contacts a domain needs besides the registrant (filled with the registrant\'s);\n' +
    '      --replace: give an existing registry these settings and TLDs (all of them, as for a new one) in one step',
  options: {
    host: { type: 'string' },
    port: { type: 'string' },
    username: { type: 'string' },
    'password-file': { type: 'string' },
    ca: { type: 'string' },
    cert: { type: 'string' },
    key: { type: 'string' },
    sessions: { type: 'string' },
    rate: { type: 'string' },
    'host-attr': { type: 'boolean' },
    replace: { type: 'boolean' },
    'contact-roles': { type: 'string' },
    tlds: { type: 'string' },
  },
  positionals: ['name'],
  async run({ values, positionals, out, io, actor }) {
    positionalsExactly(positionals, ['name']);
    const host = requireString(values, 'host');
    // Whole numbers here; their ranges are addRegistry's, so every problem is reported at once.
    const whole = (text: string, option: string) => parseCount(text, option, 0, 1_000_000);
    const port = whole(requireString(values, 'port'), 'port');
    const username = requireString(values, 'username');
    const passwordFile = requireString(values, 'password-file');
    const tlds = requireString(values, 'tlds').split(',').map((t) => t.trim()).filter(Boolean);
    if (tlds.length === 0) throw usageError('tlds', '--tlds names the TLDs this registry serves, comma-separated: --tlds fi,ax');
    const sessions = optionalString(values, 'sessions');
    const rate = optionalString(values, 'rate');
    const roles = optionalString(values, 'contact-roles');
    const added = await withRuntime({ io, actor }, ({ ctx }) =>
      addRegistry(ctx, {
        name: positionals[0]!,
        host,
        port,
        username,
        passwordFile,
        caFile: optionalString(values, 'ca'),
        certFile: optionalString(values, 'cert'),
        keyFile: optionalString(values, 'key'),
        sessions: sessions === undefined ? undefined : whole(sessions, 'sessions'),
        commandsPerSecond: rate === undefined ? undefined : whole(rate, 'rate'),
        nameserverStyle: values['host-attr'] ? 'hostAttr' : 'hostObj',
        contactRoles: roles === undefined ? [] : roles.split(',').map((r) => r.trim().toLowerCase()).filter(Boolean),
        tlds,
        cwd: process.cwd(),
        replace: values.replace === true,
      }),
    );
    const { registry, tlds: served } = added;
    out.result({ ...registryView(registry, served), replaced: added.replaced, warnings: added.warnings }, () =>
      [
        ...added.warnings.map((w) => `warning: ${w}`),
        `${added.replaced ? 'replaced the settings of' : 'added'} registry ${registry.name}:`,
        ...registryLines(registry, served),
        `\`hostplane registries test ${registry.name}\` connects and logs in; a running server sends ${served.map((t) => `.${t}`).join(', ')} ` +
          'names there within REGISTRIES_REFRESH_SECONDS (30 s).',
      ].join('\n'),
    );
  },
};
