import { domainToASCII, domainToUnicode } from 'node:url';
import type { FieldErrorCollector } from '../errors.js';

/**
 * What a registry accepts as the label under its TLD, as the catalogue keeps it (`tlds` columns
 * min_length, max_length, idn_chars, idn_scripts; `hostplane tlds set` changes them). The rules every
 * name meets anyway (LDH after conversion, no edge hyphen, no "--" in positions 3-4 unless an
 * A-label, 63 octets) are parseDomainName's; these are what differs per registry.
 */
export interface NameRules {
  /** Length of the label in characters of its Unicode form ("ä" is one), as registries count it. */
  minLength: number;
  maxLength: number;
  /** Characters allowed beyond a-z, 0-9 and hyphen, each once, in the order given ("åäö"). */
  idnChars: string;
  /** Unicode scripts whose characters are allowed ("Latin", "Cyrillic"); ["*"]: any script IDNA allows. */
  idnScripts: string[];
}

/** A TLD the operator adds without rules: the common ccTLD shape (.fi, .be, .eu, .se), LDH only. */
export const DEFAULT_NAME_RULES: NameRules = { minLength: 2, maxLength: 63, idnChars: '', idnScripts: [] };

export const ANY_SCRIPT = '*';

/** The catalogue's columns as rules. */
export function rulesOf(row: { min_length: number; max_length: number; idn_chars: string; idn_scripts: string }): NameRules {
  return {
    minLength: row.min_length,
    maxLength: row.max_length,
    idnChars: row.idn_chars,
    idnScripts: row.idn_scripts === '' ? [] : row.idn_scripts.split(','),
  };
}

/** Scripts a label may mix: Chinese, Japanese and Korean are written in several at once, with Latin. */
const CJK = new Set(['Han', 'Hiragana', 'Katakana', 'Bopomofo', 'Hangul', 'Latin']);

/**
 * The scripts the one-script rule tells apart. Unicode has more; a character of none of these counts
 * as a script of its own, so it mixes with nothing.
 */
const SCRIPTS = [
  'Latin', 'Greek', 'Cyrillic', 'Armenian', 'Hebrew', 'Arabic', 'Syriac', 'Thaana', 'Nko', 'Devanagari', 'Bengali',
  'Gurmukhi', 'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala', 'Thai', 'Lao', 'Tibetan',
  'Myanmar', 'Georgian', 'Hangul', 'Ethiopic', 'Cherokee', 'Canadian_Aboriginal', 'Khmer', 'Mongolian', 'Hiragana',
  'Katakana', 'Bopomofo', 'Han', 'Yi', 'Tifinagh', 'Javanese', 'Balinese', 'Sundanese',
].map((name) => ({ name, re: new RegExp(`^\\p{Script=${name}}$`, 'u') }));

const INHERITED_OR_COMMON = /^[\p{Script=Inherited}\p{Script=Common}]$/u;
const LDH = /^[a-z0-9-]$/;

function scriptOf(ch: string): string | undefined {
  if (INHERITED_OR_COMMON.test(ch)) return undefined; // digits, hyphen, combining marks: every script's
  return SCRIPTS.find((s) => s.re.test(ch))?.name ?? `U+${ch.codePointAt(0)!.toString(16).toUpperCase()}`;
}

const scriptRe = new Map<string, RegExp>();
function inScript(ch: string, script: string): boolean {
  let re = scriptRe.get(script);
  if (!re) scriptRe.set(script, (re = new RegExp(`^[\\p{Script_Extensions=${script}}\\p{Script=Inherited}]$`, 'u')));
  return re.test(ch);
}

/** How the rules name the allowed characters: "a-z, 0-9, hyphens and åäö". */
export function describeCharacters(rules: NameRules): string {
  const extra: string[] = [];
  if (rules.idnChars !== '') extra.push(rules.idnChars);
  if (rules.idnScripts.includes(ANY_SCRIPT)) extra.push('letters of any one script');
  else if (rules.idnScripts.length > 0) extra.push(`${rules.idnScripts.join(', ')} letters`);
  return extra.length === 0 ? 'a-z, 0-9 and hyphens' : `a-z, 0-9, hyphens and ${extra.join(' and ')}`;
}

/** The rules in a line, for an operator: "2-63 characters: a-z, 0-9, hyphens and åäö". */
export function describeRules(rules: NameRules): string {
  return `${rules.minLength}-${rules.maxLength} characters: ${describeCharacters(rules)}`;
}

/** The rules as the catalogue's columns, for machine-readable output. */
export function rulesColumns(rules: NameRules): { min_length: number; max_length: number; idn_chars: string; idn_scripts: string } {
  return { min_length: rules.minLength, max_length: rules.maxLength, idn_chars: rules.idnChars, idn_scripts: rules.idnScripts.join(',') };
}

/**
 * Why the label `unicode` (the Unicode form of a parsed name's second-level label, lower case, NFC:
 * as parseDomainName gives it) may not be registered under `.tld` by `rules`, or undefined when it may.
 * Rules: length in characters; only a-z, 0-9, hyphen and the TLD's characters and scripts; one script
 * per label, as Verisign and EURid require against look-alike names (digits and hyphens belong to
 * every script; Chinese, Japanese and Korean may mix their scripts and Latin).
 */
export function nameRuleViolation(tld: string, rules: NameRules, unicode: string): string | undefined {
  const chars = [...unicode];
  if (chars.length < rules.minLength || chars.length > rules.maxLength) {
    const range = rules.minLength === rules.maxLength ? `${rules.minLength}` : `${rules.minLength}-${rules.maxLength}`;
    return `.${tld} names are ${range} characters long; "${unicode}" has ${chars.length}.`;
  }
  const anyScript = rules.idnScripts.includes(ANY_SCRIPT);
  const bad = chars.find((ch) =>
    !LDH.test(ch) && !rules.idnChars.includes(ch) && !anyScript && !rules.idnScripts.some((s) => inScript(ch, s)));
  if (bad !== undefined) return `.${tld} names may contain only ${describeCharacters(rules)}; "${bad}" is not one of them.`;
  const scripts = [...new Set(chars.map(scriptOf).filter((s): s is string => s !== undefined))];
  if (scripts.length > 1 && !scripts.every((s) => CJK.has(s))) {
    return `.${tld} names are written in one script; "${unicode}" mixes ${scripts.join(' and ')}.`;
  }
  return undefined;
}

/** The rules an operator gives (`tlds set`); absent parts are kept from `current`. */
export interface NameRulesInput {
  minLength?: number;
  maxLength?: number;
  /** The characters, as typed: "åäö" or "å ä ö" or "å,ä,ö"; upper case is folded. "" clears them. */
  idnChars?: string;
  /** Script names ("Latin,Cyrillic"), "*" for any, "" for none. */
  idnScripts?: string;
}

/**
 * Checks and merges an operator's rules into `current`. Rules: lengths whole, 1-63, min <= max;
 * each character one that IDNA keeps as itself in a label (no ASCII: a-z, 0-9 and hyphen are always
 * allowed, and nothing else of ASCII is); scripts Unicode script names (or "*").
 * Errors: per field (min_length, max_length, idn_chars, idn_scripts) on `errors`.
 */
export function checkNameRules(input: NameRulesInput, current: NameRules, errors: FieldErrorCollector): NameRules {
  const length = (field: string, v: number | undefined, fallback: number) => {
    if (v === undefined) return fallback;
    if (!Number.isInteger(v) || v < 1 || v > 63) errors.add(field, `A name length is 1-63 characters, got ${v}`);
    return v;
  };
  const minLength = length('min_length', input.minLength, current.minLength);
  const maxLength = length('max_length', input.maxLength, current.maxLength);
  if (minLength > maxLength) errors.add('min_length', `The shortest name (${minLength}) is longer than the longest (${maxLength})`);

  let idnChars = current.idnChars;
  if (input.idnChars !== undefined) {
    const typed = [...input.idnChars.toLowerCase()].filter((ch) => !/[\s,]/.test(ch));
    for (const ch of new Set(typed)) {
      if (/^[\x00-\x7f]$/.test(ch)) errors.add('idn_chars', `"${ch}" is ASCII: a-z, 0-9 and hyphen are always allowed, other ASCII never`);
      else if (!keptByIdna(ch)) errors.add('idn_chars', `"${ch}" (U+${ch.codePointAt(0)!.toString(16).toUpperCase()}) cannot appear in a domain name as itself`);
    }
    idnChars = [...new Set(typed)].join('');
  }

  let idnScripts = current.idnScripts;
  if (input.idnScripts !== undefined) {
    idnScripts = [...new Set(input.idnScripts.split(',').map((s) => s.trim()).filter((s) => s !== ''))];
    for (const s of idnScripts) if (s !== ANY_SCRIPT && !isScriptName(s)) errors.add('idn_scripts', `"${s}" is not a Unicode script name (such as Latin, Cyrillic, Greek, Han)`);
    if (idnScripts.includes(ANY_SCRIPT)) idnScripts = [ANY_SCRIPT];
  }
  return { minLength, maxLength, idnChars, idnScripts };
}

/** Whether `ch` survives IDNA in a label unchanged: a lower-case, valid character, not mapped away. */
function keptByIdna(ch: string): boolean {
  const ascii = domainToASCII(`a${ch}a.test`);
  return ascii !== '' && domainToUnicode(ascii) === `a${ch}a.test`;
}

function isScriptName(name: string): boolean {
  if (!/^[A-Za-z_]{2,40}$/.test(name)) return false;
  try {
    new RegExp(`\\p{Script=${name}}`, 'u');
    return true;
  } catch {
    return false;
  }
}
