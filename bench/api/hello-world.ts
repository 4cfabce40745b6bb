import Fastify from 'fastify';

/**
 * The benchmark's baseline: the plainest Fastify server, one JSON route and no logging, run the same
 * way as the server under test (its own process on the same core), so each endpoint's figure can be
 * given as a share of what Fastify itself does on this machine in this run.
 */
const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
