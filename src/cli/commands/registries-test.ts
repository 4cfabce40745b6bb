import type { Command } from '../command.js';
import { withRuntime } from '../command.js';
import { positionalsExactly } from '../options.js';
import { DomainError, notFound } from '../../core/errors.js';
import { RegistryError } from '../../ports/registry.js';
import { eppSettingsOf } from '../../providers/registry/epp/settings-from-store.js';
import { EppRegistry } from '../../providers/registry/epp/epp-registry.js';

export const registriesTest: Command = {
  words: ['registries', 'test'],
  usage:
    'hostplane registries test NAME [--json]\n' +
    '      connects to the registry with its files, reads its greeting, logs in and out: prints the server,\n' +
    '      the services (object URIs) and extensions it offers; exit 1 with the reason when any step fails',
  positionals: ['name'],
  async run({ positionals, out, io, actor }) {
    positionalsExactly(positionals, ['name']);
    const name = positionals[0]!;
    const greeting = await withRuntime({ io, actor }, async ({ ctx }) => {
      const { store, clock } = ctx;
      const row = await store.registries.find(name);
      if (!row) throw notFound(`No registry named ${name} (\`hostplane registries list\` shows them)`);
      let settings;
      try {
        settings = await eppSettingsOf(row, await store.registries.tldsOf(name));
      } catch (err) {
        // The files were sound at `registries add`; one moved or changed since: a failure, not a usage error.
        if (err instanceof DomainError && err.fields) throw new DomainError('rejected', `${name}: ${Object.values(err.fields).flat().join('; ')}`);
        throw err;
      }
      // No log: what the commands did is the output (an operator running a server sees its log lines).
      const registry = new EppRegistry(settings, { contacts: store.registryContacts, clock });
      try {
        return await registry.probe();
      } catch (err) {
        if (err instanceof RegistryError) {
          const reason = err.message.startsWith(`${name}: `) ? err.message.slice(name.length + 2) : err.message;
          throw new DomainError('upstream_unavailable', `${name} (${row.host}:${row.port}): ${reason}`);
        }
        throw err;
      } finally {
        await registry.close();
      }
    });
    out.result(
      {
        name,
        server_id: greeting.serverId,
        server_date: greeting.serverDate,
        versions: greeting.versions,
        languages: greeting.languages,
        objects: greeting.objects,
        extensions: greeting.extensions,
      },
      () =>
        [
          `${name}: connected, logged in and out`,
          `server      ${greeting.serverId} (${greeting.serverDate})`,
          `versions    ${greeting.versions.join(', ')}; languages ${greeting.languages.join(', ')}`,
          'services',
          ...greeting.objects.map((uri) => `  ${uri}`),
          'extensions',
          ...(greeting.extensions.length ? greeting.extensions.map((uri) => `  ${uri}`) : ['  (none)']),
        ].join('\n'),
    );
  },
};
