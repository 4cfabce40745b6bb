import { domainToUnicode } from 'node:url';

/**
 * How a host name is shown to a person, following the browsers' IDN display policy (Chromium's "IDN in
 * Google Chrome", built on UTS #39 5.2's Highly Restrictive level): each punycode label is shown in its
 * own letters only when that cannot pass for another name, and in its xn-- form otherwise, so that a
 * page we serve never shows "paypal.fi" for xn--pypal-4ve.fi (a Cyrillic "а" among Latin letters).
 *
 * A label is shown decoded when all of these hold:
 * - it decodes (IDNA, UTS #46) and has no invisible or deceptive characters (zero-width joiners and
 *   spaces, bidi controls, the Hangul fillers, combining marks that stack on a letter's dot);
 * - its letters are of one script, or of one of the mixes UTS #39 Highly Restrictive allows: Latin +
 *   Han + Hiragana + Katakana (Japanese), Latin + Han + Bopomofo (Chinese), Latin + Han + Hangul
 *   (Korean). Common and Inherited characters (digits, hyphen, combining marks) go with any script;
 *   a character's scripts are its Script_Extensions, so a mark shared by several scripts counts for each;
 * - it is not a whole-script confusable with Latin: a label all of Cyrillic letters that look Latin
 *   ("аррӏе") is shown as punycode unless the name's top-level label is Cyrillic itself (Chromium does
 *   the same for Cyrillic; for other scripts it relies on ICU's confusable tables, not copied here).
 * Pure: the name in, the text to show out.
 */

/** Scripts told apart here (ISO 15924 codes as JS regular expressions know them); a letter of none is "other". */
const SCRIPTS = [
  'Latn', 'Grek', 'Cyrl', 'Armn', 'Hebr', 'Arab', 'Syrc', 'Thaa', 'Nkoo', 'Deva', 'Beng', 'Guru', 'Gujr', 'Orya', 'Taml',
  'Telu', 'Knda', 'Mlym', 'Sinh', 'Thai', 'Laoo', 'Tibt', 'Mymr', 'Geor', 'Hang', 'Ethi', 'Cher', 'Cans', 'Khmr', 'Mong',
  'Hira', 'Kana', 'Bopo', 'Hani', 'Yiii', 'Tfng', 'Copt', 'Glag', 'Runr', 'Ogam', 'Tglg', 'Java', 'Bali', 'Sund', 'Vaii',
] as const;
const SCRIPT_TESTS = SCRIPTS.map((code) => [code, new RegExp(`\\p{Script_Extensions=${code}}`, 'u')] as const);
const COMMON = /[\p{Script=Common}\p{Script=Inherited}]/u;

/** UTS #39 5.2 Highly Restrictive: the script mixes allowed beside single-script labels. */
const ALLOWED_MIXES: ReadonlyArray<ReadonlySet<string>> = [
  new Set(['Latn', 'Hani', 'Hira', 'Kana']),
  new Set(['Latn', 'Hani', 'Bopo']),
  new Set(['Latn', 'Hani', 'Hang']),
];

/**
 * Characters no label shown to a person may carry: zero-width space and joiners, word joiner and
 * other format controls (Cf, bidi marks among them), the Hangul fillers, and the combining dot above
 * and similar marks a browser refuses because they hide on i and j (Chromium's deny list, in part).
 */
const DECEPTIVE = /[\p{Cf}\u115f\u1160\u3164\uffa0\u0307\u0338\u2010\u2019\u2027\u30a0\u02bb\u02bc]/u;

/** Cyrillic letters that look like Latin ones (Chromium's Cyrillic whole-script confusable set, lower case). */
const CYRILLIC_LATIN_LOOKALIKES = /^[аысԁеԍһіюјӏорԗԛѕԝхуъьҽпгѵѡ\p{Script=Common}\p{Script=Inherited}]+$/u;

/** The scripts of one character (empty for Common and Inherited, which go with any); ["other"] for an unlisted one. */
function scriptsOf(char: string): string[] {
  if (COMMON.test(char)) return [];
  const found = SCRIPT_TESTS.filter(([, test]) => test.test(char)).map(([code]) => code);
  return found.length > 0 ? found : ['other'];
}

/** Whether the characters of `label` are Highly Restrictive (UTS #39 5.2): one script, or an allowed mix. */
export function isHighlyRestrictive(label: string): boolean {
  const sets = [...label].map(scriptsOf).filter((s) => s.length > 0);
  if (sets.length === 0) return true;
  // Single script: some script every character has (the resolved script set is not empty, UTS #39 5.1).
  if (sets[0]!.some((script) => sets.every((s) => s.includes(script)))) return true;
  // Covered by an allowed mix: every character has a script of the mix.
  return ALLOWED_MIXES.some((mix) => sets.every((s) => s.some((script) => mix.has(script))));
}

/** The text to show of one label of `labels` (decoded form `unicode`). */
function showLabel(ascii: string, unicode: string, tldUnicode: string): string {
  if (!ascii.startsWith('xn--') || unicode === '' || unicode === ascii) return ascii;
  if (DECEPTIVE.test(unicode) || !isHighlyRestrictive(unicode)) return ascii;
  const cyrillicTld = /\p{Script=Cyrillic}/u.test(tldUnicode);
  if (!cyrillicTld && /\p{Script=Cyrillic}/u.test(unicode) && CYRILLIC_LATIN_LOOKALIKES.test(unicode)) return ascii;
  return unicode;
}

/**
 * `host` (ASCII, punycode labels as browsers send them) as a person should read it: each label decoded
 * where that is safe to show (see above), else left in its xn-- form.
 */
export function displayHost(host: string): string {
  const labels = host.split('.');
  const decode = (label: string) => (label.startsWith('xn--') ? domainToUnicode(label) : label);
  const tld = decode(labels.at(-1) ?? '');
  return labels.map((label) => showLabel(label, decode(label), tld)).join('.');
}
