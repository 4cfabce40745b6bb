import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Every frame a client sends is checked against the RFC schemas (schemas/, all namespaces imported by
 * all.xsd), as a registry does: the right namespaces, required elements in schema order, nothing
 * unknown. libxml2's validator is Debian's `xmllint` (libxml2-utils), run once per frame: about 30 ms a
 * frame on this kind of machine. xmllint-wasm was measured too and costs ~285 ms a frame (it compiles
 * the WebAssembly module and parses the schemas on every call), which a benchmark cannot afford.
 */
const SCHEMA = fileURLToPath(new URL('./schemas/all.xsd', import.meta.url));

export interface Validation {
  valid: boolean;
  /** xmllint's own words, one line per problem, without the file name: for <extValue><reason>. */
  errors: string[];
}

export function validateFrame(xml: Buffer | string): Promise<Validation> {
  return new Promise((resolve, reject) => {
    const child = execFile('xmllint', ['--noout', '--nonet', '--schema', SCHEMA, '-'], { maxBuffer: 1 << 20 },
      (err, _stdout, stderr) => {
        // 0: valid; 1-4: not well-formed, or schema invalid (3); anything else is xmllint itself failing.
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        if (code === 0) return resolve({ valid: true, errors: [] });
        if (code < 1 || code > 4) return reject(new Error(`xmllint failed (${String(err?.code)}): ${stderr}`));
        const errors = stderr.split('\n')
          .map((line) => line.trim())
          .filter((line) => line !== '' && line !== '- fails to validate' && !/^\^$/.test(line))
          .map((line) => line.replace(/^-:(\d+:)?\s*/, ''));
        resolve({ valid: false, errors: errors.length ? errors : ['document is not valid'] });
      });
    child.stdin?.on('error', () => { /* xmllint may exit before reading everything; its verdict still comes */ });
    child.stdin?.end(xml);
  });
}

/** Whether Debian's xmllint is on PATH (tests fail early, naming the package, when it is not). */
export function xmllintMissing(): Promise<boolean> {
  return new Promise((resolve) => execFile('xmllint', ['--version'], (err) => resolve(Boolean(err && (err as NodeJS.ErrnoException).code === 'ENOENT'))));
}
