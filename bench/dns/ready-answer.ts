/**
 * The DNS benchmark's floor: the plainest DNS server Node can run, one UDP socket that answers every
 * query at once with the query itself turned into an answer (QR and AA set, no records: NODATA), with
 * no parsing and no lookup. Run the same way as `hostplane dns` (its own process on the same core,
 * asked by dnsperf), so what the builtin server answers per CPU second can be set against what Node's
 * datagram sockets let any server answer on this machine: one receive and one send per query.
 */
import { createSocket } from 'node:dgram';

const socket = createSocket('udp4');
socket.on('message', (query, from) => {
  if (query.length < 12) return;
  // Byte 2: QR (0x80), opcode kept, AA (0x04), RD kept; byte 3: RA, Z and RCODE 0.
  query[2] = (query[2]! | 0x84) & 0xfd;
  query[3] = 0;
  socket.send(query, from.port, from.address);
});
socket.bind(Number(process.env.DNS_PORT), '127.0.0.1');
process.once('SIGTERM', () => socket.close(() => process.exit(0)));
