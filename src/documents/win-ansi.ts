/**
 * Text the PDF standard fonts can print. Helvetica in pdfkit is encoded as WinAnsi (Windows-1252):
 * Latin-1 (ä, ö, å, é ...) and 27 more (€, Š, Ž, Œ, dashes, curly quotes); a character outside it is
 * not skipped but garbles the text drawn with it. A name or description from the store may hold any
 * character, so each one outside is written as its base letter when it has one (Ł -> L, ő -> o, ĳ -> ij)
 * and as "?" otherwise, rather than embedding a font file for the few that need it.
 */
const EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
/** Letters with no decomposition to a base letter, by what a reader would expect instead. */
export const BASE_LETTERS: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i' };

const printable = (c: string): boolean => {
  const code = c.codePointAt(0)!;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || EXTRA.includes(c);
};

export function winAnsi(text: string): string {
  let out = '';
  for (const c of text.normalize('NFC')) {
    if (printable(c)) out += c;
    else if (c === '\n' || c === '\t') out += ' ';
    else if (BASE_LETTERS[c]) out += BASE_LETTERS[c];
    else {
      const base = c.normalize('NFKD').replace(/\p{M}/gu, '');
      out += base !== '' && [...base].every(printable) ? base : '?';
    }
  }
  return out;
}
