import { createServer, type AddressInfo } from 'node:net';

/**
 * A loopback TCP port with nothing listening (the kernel's pick, released at once): connections to it
 * are refused, and a server started next may take it. (test/helpers/pdns.ts's freePort also checks UDP,
 * for a DNS server.)
 */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
