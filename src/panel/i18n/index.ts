import { en, type MessageKey, type Messages } from './en.js';
import { fi, fiCore, fiCorePatterns } from './fi.js';

export const LANGUAGES = ['en', 'fi'] as const;
export type Language = (typeof LANGUAGES)[number];

const dictionaries: Record<Language, { messages: Messages; core: Record<string, string>; corePatterns: Array<[RegExp, string]> }> = {
  en: { messages: en, core: {}, corePatterns: [] },
  fi: { messages: fi, core: fiCore, corePatterns: fiCorePatterns },
};

export interface Translator {
  lang: Language;
  /** The key's words with `{name}` placeholders filled (the caller's html`` escapes the result). */
  (key: MessageKey, vars?: Record<string, string | number>): string;
  /** A core (DomainError) message in this language, or as it is when there is no translation. */
  core(message: string): string;
}

export function translator(lang: Language): Translator {
  const { messages, core, corePatterns } = dictionaries[lang];
  const t = ((key: MessageKey, vars?: Record<string, string | number>) =>
    messages[key].replace(/\{(\w+)\}/g, (whole, name: string) => (vars && name in vars ? String(vars[name]) : whole))) as Translator;
  t.lang = lang;
  t.core = (message) => {
    if (Object.hasOwn(core, message)) return core[message]!;
    const pattern = corePatterns.find(([re]) => re.test(message));
    return pattern ? message.replace(pattern[0], pattern[1]) : message;
  };
  return t;
}

export const isLanguage = (value: unknown): value is Language => (LANGUAGES as readonly unknown[]).includes(value);

/**
 * The page's language: the `lang` cookie the switch sets, else the first of ours in Accept-Language
 * by its q-values (RFC 9110 §12.5.4; "fi-FI" counts as "fi"), else English.
 */
export function chooseLanguage(cookie: string | undefined, acceptLanguage: string | undefined): Language {
  if (isLanguage(cookie)) return cookie;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { lang: tag.trim().toLowerCase().split('-')[0], q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.q > 0 && isLanguage(r.lang))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return (ranked[0]?.lang as Language | undefined) ?? 'en';
}
