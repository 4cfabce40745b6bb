/**
 * Code 128, code set C (ISO/IEC 15417): digits two at a time, one symbol per pair, which is how the
 * Finnish bank barcode is printed (Pankkiviivakoodi-opas: Code 128, set C, 54 digits = 27 pairs).
 *
 * A symbol is three bars and three spaces, 11 modules wide in all, each element 1-4 modules; the stop
 * symbol has a fourth bar (13 modules). A symbol is: Start C (value 105), the pairs' values (00-99),
 * the check symbol, Stop (106). The check is (105 + the sum of each pair's value times its position,
 * counted from 1) mod 103.
 *
 * Drawn by hand rather than by a library: the symbology is a table and a sum, and the npm libraries
 * that draw Code 128 (JsBarcode, bwip-js) target a canvas or SVG, or bring a whole PostScript barcode
 * engine, where pdfkit needs only rectangles.
 */

/** Element widths (bar, space, bar, space, bar, space) of each symbol value 0-105, and the stop (106). */
export const PATTERNS: readonly string[] = [
  '212222', '222122', '222221', '121223', '121322', '131222', '122213', '122312', '132212', '221213',
  '221312', '231212', '112232', '122132', '122231', '113222', '123122', '123221', '223211', '221132',
  '221231', '213212', '223112', '312131', '311222', '321122', '321221', '312212', '322112', '322211',
  '212123', '212321', '232121', '111323', '131123', '131321', '112313', '132113', '132311', '211313',
  '231113', '231311', '112133', '112331', '132131', '113123', '113321', '133121', '313121', '211331',
  '231131', '213113', '213311', '213131', '311123', '311321', '331121', '312113', '312311', '332111',
  '314111', '221411', '431111', '111224', '111422', '121124', '121421', '141122', '141221', '112214',
  '112412', '122114', '122411', '142112', '142211', '241211', '221114', '413111', '241112', '134111',
  '111242', '121142', '121241', '114212', '124112', '124211', '411212', '421112', '421211', '212141',
  '214121', '412121', '111143', '111341', '131141', '114113', '114311', '411113', '411311', '113141',
  '114131', '311141', '411131', '211412', '211214', '211232', '2331112',
];

export const START_C = 105;
export const STOP = 106;

/** The check symbol's value for the pair values `data` (Start C counts once, pair i with weight i). */
export function code128cCheck(data: readonly number[]): number {
  return data.reduce((sum, value, i) => sum + value * (i + 1), START_C) % 103;
}

/** The symbol values of `digits` (an even count of digits): Start C, the pairs, the check, Stop. */
export function code128cValues(digits: string): number[] {
  if (!/^([0-9]{2})+$/.test(digits)) throw new RangeError(`Code 128 set C takes an even number of digits, got "${digits}"`);
  const data = (digits.match(/../g) ?? []).map(Number);
  return [START_C, ...data, code128cCheck(data), STOP];
}

/**
 * The symbol as element widths in modules, alternating bar and space and starting with a bar (the
 * quiet zones around it are the caller's to leave: at least 10 modules each side, ISO/IEC 15417).
 */
export function code128cWidths(digits: string): number[] {
  return code128cValues(digits).flatMap((value) => [...PATTERNS[value]!].map(Number));
}
