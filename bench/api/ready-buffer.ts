import Fastify from 'fastify';

/**
 * The big-zone reads' baseline: the plainest Fastify server sending a ready JSON body as large as each
 * measured answer, run as hello-world.ts is (its own process on the server's core). What a server does
 * for a large answer it already holds, so a record list's figure can be given as a share of what the
 * bytes themselves allow on this machine in this run. READY_SIZES names the routes and their sizes:
 * `client=576000,partner=1226000` serves GET /client and GET /partner.
 */
const app = Fastify({ logger: false });
for (const pair of (process.env.READY_SIZES ?? '').split(',').filter(Boolean)) {
  const [name, size] = pair.split('=');
  // A JSON string of the size: the bytes' content matters neither to Fastify nor to the socket.
  const body = Buffer.alloc(Number(size), 'x');
  body[0] = body[body.length - 1] = 0x22;
  app.get(`/${name}`, (_request, reply) => {
    void reply.type('application/json; charset=utf-8').send(body);
  });
}
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
