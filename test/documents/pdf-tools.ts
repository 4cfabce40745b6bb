import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';

/**
 * poppler-utils' pdftotext and pdftoppm, which read the PDFs back in the tests (Debian package
 * poppler-utils). Missing, the test fails and says which package to install rather than skipping.
 */
function run(tool: string, args: string[], input: Buffer): Buffer {
  const res = spawnSync(tool, args, { input, maxBuffer: 256 * 1024 * 1024 });
  if (res.error && (res.error as NodeJS.ErrnoException).code === 'ENOENT') {
    assert.fail(`${tool} is missing: install Debian's poppler-utils (apt-get install poppler-utils)`);
  }
  assert.equal(res.status, 0, `${tool} ${args.join(' ')}: ${res.stderr?.toString()}`);
  return res.stdout;
}

/** The PDF's text as `pdftotext -layout` lays it out, trailing blanks of each line removed. */
export const pdfText = (pdf: Buffer): string =>
  run('pdftotext', ['-layout', '-enc', 'UTF-8', '-', '-'], pdf).toString('utf8').replace(/[ \t]+$/gm, '');

/** Page `page` rendered in grey at `dpi`, as rows of 0 (black) ... 255 (white) bytes. */
export function pdfGrey(pdf: Buffer, page: number, dpi: number): { width: number; height: number; pixels: Buffer } {
  const pgm = run('pdftoppm', ['-gray', '-r', String(dpi), '-f', String(page), '-l', String(page), '-'], pdf);
  // Binary PGM (P5): "P5", width, height, maxval, then one byte per pixel; tokens split by whitespace.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString('latin1'));
  assert.ok(header, 'pdftoppm did not answer a binary PGM');
  const width = Number(header[1]);
  const height = Number(header[2]);
  return { width, height, pixels: pgm.subarray(header[0].length, header[0].length + width * height) };
}
