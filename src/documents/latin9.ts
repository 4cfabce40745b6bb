import { BASE_LETTERS } from './win-ansi.js';

/**
 * ISO-8859-15 (Latin-9), the character set Finvoice messages are written in (see finvoice.ts). It is
 * Latin-1 with eight places given to €, Š, š, Ž, ž, Œ, œ and Ÿ, so a Buffer's 'latin1' encoding is not
 * it: ¤, ¦, ¨, ´, ¸, ¼, ½ and ¾ are not in it, and the eight letters are at those places instead.
 */
const EXTRA: Record<string, number> = { '€': 0xa4, Š: 0xa6, š: 0xa8, Ž: 0xb4, ž: 0xb8, Œ: 0xbc, œ: 0xbd, Ÿ: 0xbe };
const TAKEN = new Set(Object.values(EXTRA));

/** Punctuation a name or description often holds (typographic dashes and quotes), as its plain form. */
const PLAIN: Record<string, string> = {
  '‐': '-', '‑': '-', '‒': '-', '–': '-', '—': '-', '―': '-', '−': '-',
  '‘': "'", '’': "'", '‚': "'", '‛': "'", '“': '"', '”': '"', '„': '"', '‟': '"', '•': '*',
};

/** True for a character XML text can hold and ISO-8859-15 can write: no control characters. */
const writable = (c: string): boolean => {
  const code = c.codePointAt(0)!;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff && !TAKEN.has(code)) || c in EXTRA;
};

/**
 * Text as ISO-8859-15 can write it, on one line. A name or description from the store may hold any
 * character: one outside the set is written as its base letter when it has one (Ł -> L, ő -> o,
 * ĳ -> ij), typographic dashes and quotes as plain ones, and anything else as "?"; line breaks, tabs
 * and control characters (which XML 1.0 does not allow) become spaces, and runs of spaces one.
 */
export function latin9Text(text: string): string {
  let out = '';
  for (const c of text.normalize('NFC')) {
    if (writable(c)) out += c;
    else if (PLAIN[c]) out += PLAIN[c];
    else if (BASE_LETTERS[c]) out += BASE_LETTERS[c];
    else if (/[\p{Cc}\p{Zl}\p{Zp}]/u.test(c)) out += ' ';
    else {
      const base = c.normalize('NFKD').replace(/\p{M}/gu, '');
      out += base !== '' && [...base].every(writable) ? base : '?';
    }
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** `text` in ISO-8859-15 bytes; a character the set cannot write is a programming error (see latin9Text). */
export function encodeLatin9(text: string): Buffer {
  const bytes: number[] = [];
  for (const c of text) {
    const code = c.codePointAt(0)!;
    if (c in EXTRA) bytes.push(EXTRA[c]!);
    else if (c === '\n' || (code < 0x100 && writable(c))) bytes.push(code);
    else throw new Error(`U+${code.toString(16).toUpperCase().padStart(4, '0')} has no place in ISO-8859-15`);
  }
  return Buffer.from(bytes);
}
