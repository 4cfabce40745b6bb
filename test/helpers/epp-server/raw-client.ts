import { connect, type TLSSocket } from 'node:tls';
import { encodeFrame, FrameReader } from './framing.js';

/**
 * A bare EPP-over-TLS connection for the test registry's own tests: frames in, frames out, nothing
 * interpreted. Tests write their XML by hand here on purpose (malformed and schema-invalid frames
 * included).
 */
export interface RawEppConnection {
  /** The greeting the server sent on connect. */
  greeting: string;
  /** Sends one XML document as a frame and waits for the next frame. */
  request(xml: string): Promise<string>;
  /** Writes bytes as they are (a broken frame, say). */
  write(bytes: Buffer): void;
  /** The next frame from the server. */
  next(): Promise<string>;
  /** Resolves when the server closes the connection. */
  closed: Promise<void>;
  close(): void;
  socket: TLSSocket;
}

export interface RawConnectOptions {
  port: number;
  host?: string;
  ca: string;
  cert?: string;
  key?: string;
}

export async function rawConnect(opts: RawConnectOptions): Promise<RawEppConnection> {
  const socket = connect({ host: opts.host ?? '127.0.0.1', port: opts.port, ca: [opts.ca], cert: opts.cert, key: opts.key, servername: 'localhost' });
  const reader = new FrameReader();
  const frames: string[] = [];
  const waiting: Array<{ resolve: (f: string) => void; reject: (e: Error) => void }> = [];
  let ended: Error | undefined;
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('data', (chunk: Buffer) => {
    for (const f of reader.push(chunk)) {
      const w = waiting.shift();
      if (w) w.resolve(f.toString('utf8'));
      else frames.push(f.toString('utf8'));
    }
  });
  const fail = (err: Error) => {
    ended = err;
    for (const w of waiting.splice(0)) w.reject(err);
  };
  socket.on('error', (err) => fail(err));
  socket.on('close', () => fail(new Error('connection closed by the server')));
  const next = () => new Promise<string>((resolve, reject) => {
    const f = frames.shift();
    if (f !== undefined) return resolve(f);
    if (ended) return reject(ended);
    waiting.push({ resolve, reject });
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('secureConnect', () => resolve());
    socket.once('error', reject);
    socket.once('close', () => reject(new Error('connection closed before TLS completed')));
  });
  const greeting = await next();
  return {
    greeting,
    request(xml) {
      socket.write(encodeFrame(xml));
      return next();
    },
    write: (bytes) => socket.write(bytes),
    next,
    closed,
    close: () => socket.destroy(),
    socket,
  };
}
