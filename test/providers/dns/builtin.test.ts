import { describeDnsProvider } from './conformance.js';
import { BuiltinDnsProvider } from '../../../src/providers/dns/builtin/builtin-provider.js';

describeDnsProvider('builtin', async () => ({ provider: new BuiltinDnsProvider() }));
