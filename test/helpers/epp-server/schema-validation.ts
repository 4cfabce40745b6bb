import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { repoPath } from '../paths.js';

/**
 * Every frame a client sends is checked against the RFC schemas (schemas/, all namespaces imported by
 * all.xsd), as a registry does: the right namespaces, required elements in schema order, nothing
 * unknown. The validator is libxml2's, through a Perl process that keeps the parsed schema
 * (validate-frames.pl, XML::LibXML), shared by every server of the process.
 *
 * Measured per frame (a domain:create with secDNS, on the 2-core test machine): xmllint-wasm 285 ms (it
 * compiles the WebAssembly module and parses the schemas on every call), Debian's xmllint spawned per
 * frame 30 ms, this kept process under 1 ms. The first would dominate the benchmark's 20 ms round trip.
 */
const SCHEMA = repoPath('test/helpers/epp-server/schemas/all.xsd');
const SCRIPT = repoPath('test/helpers/epp-server/validate-frames.pl');

export interface Validation {
  valid: boolean;
  /** libxml2's own words, one entry per problem: for <extValue><reason>. */
  errors: string[];
}

type Waiter = { resolve: (v: Validation) => void; reject: (e: Error) => void };

class Validator {
  private readonly child: ChildProcessByStdio<Writable, Readable, Readable>;
  private readonly waiting: Waiter[] = [];
  private buffered = Buffer.alloc(0);
  private stderr = '';
  private failed?: Error;

  constructor() {
    this.child = spawn('perl', [SCRIPT, SCHEMA], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => { this.stderr += chunk.toString('utf8'); });
    this.child.on('error', (err) => this.fail(err));
    this.child.on('exit', (code) => this.fail(new Error(`frame validator exited (${String(code)}): ${this.stderr.trim()}`)));
    this.child.stdin.on('error', (err) => this.fail(err));
    this.idle();
  }

  validate(xml: Buffer): Promise<Validation> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      if (this.waiting.length === 0) this.busy();
      this.waiting.push({ resolve, reject });
      const header = Buffer.alloc(4);
      header.writeUInt32BE(xml.length, 0);
      this.child.stdin.write(Buffer.concat([header, xml]));
    });
  }

  private receive(chunk: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    while (this.buffered.length >= 4) {
      const len = this.buffered.readUInt32BE(0);
      if (this.buffered.length < 4 + len) break;
      const message = this.buffered.subarray(4, 4 + len).toString('utf8');
      this.buffered = this.buffered.subarray(4 + len);
      const waiter = this.waiting.shift();
      if (this.waiting.length === 0) this.idle();
      const errors = message.split('\n').map((l) => l.trim()).filter((l) => l !== '' && l !== '^').map((l) => l.replace(/^[^\s:]*:\d+: /, ''));
      waiter?.resolve(message === '' ? { valid: true, errors: [] } : { valid: false, errors });
    }
  }

  private fail(err: Error): void {
    this.failed ??= err;
    for (const w of this.waiting.splice(0)) w.reject(err);
    if (shared === this) shared = undefined;
  }

  /** A validator with nothing to do must not keep the test process alive. */
  private idle(): void {
    this.child.unref();
    (this.child.stdin as unknown as { unref?: () => void }).unref?.();
    (this.child.stdout as unknown as { unref?: () => void }).unref?.();
    (this.child.stderr as unknown as { unref?: () => void }).unref?.();
  }

  private busy(): void {
    this.child.ref();
    (this.child.stdout as unknown as { ref?: () => void }).ref?.();
  }
}

let shared: Validator | undefined;

export function validateFrame(xml: Buffer | string): Promise<Validation> {
  shared ??= new Validator();
  return shared.validate(typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml);
}
