import { domainToUnicode } from 'node:url';
import { formatReferenceNumber } from '../billing/reference-number.js';
import { formatIban } from '../billing/iban.js';
import { addDays } from '../dates.js';
import { GRACE_DAYS } from '../lifecycle/policy.js';

/** The languages messages are written in (see languageOf: Finnish for accounts in Finland). */
export type MessageLang = 'fi' | 'en';

/** Every message the mail subscriber sends, by the template that writes it. */
export const TEMPLATES = [
  'invoice_created',
  'invoice_overdue',
  'invoice_cancelled',
  'order_cancelled',
  'service_suspended',
  'service_resumed',
  'domain_registered',
  'domain_renewed',
  'domain_expiring',
  'domain_expired',
  'transfer_started',
  'transfer_completed',
  'password_reset',
] as const;
export type Template = (typeof TEMPLATES)[number];
export const isTemplate = (value: string): value is Template => (TEMPLATES as readonly string[]).includes(value);

/** What a template is written from: the event's subject and data, and what the sender looked up. */
export interface TemplateInput {
  /** The provider's name (PROVIDER_NAME), who signs the message. */
  provider: string;
  /** The event's subject: a domain name (ASCII), an invoice id. */
  subject: string;
  /** The event's data. */
  data: Record<string, unknown>;
  /** For invoice messages: the seller's account and the invoice's reference. */
  invoice?: { refNumber: string; totalCents: number; dueDate: string; iban: string; bic: string };
  /** For a password reset: the link, and how long it works. */
  link?: string;
  linkMinutes?: number;
}

export interface Rendered {
  subject: string;
  text: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const dateFi = (iso: string): string => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${Number(m[3])}.${Number(m[2])}.${m[1]}` : iso;
};
const date = (lang: MessageLang, iso: unknown): string => (lang === 'fi' ? dateFi(str(iso)) : str(iso));
const money = (lang: MessageLang, cents: number): string =>
  lang === 'fi' ? `${(cents / 100).toFixed(2).replace('.', ',')} €` : `EUR ${(cents / 100).toFixed(2)}`;

const graceEnd = (exp: unknown): string => (typeof exp === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(exp) ? addDays(exp, GRACE_DAYS) : '');

const sign = (lang: MessageLang, provider: string): string =>
  lang === 'fi' ? `\n\nYstävällisin terveisin\n${provider}\n` : `\n\nKind regards,\n${provider}\n`;

/**
 * A message in `lang`, plain text: subject and body. Pure: everything it says comes from `input`, so
 * a message rendered again (a retry) says the same.
 */
export function render(template: Template, lang: MessageLang, input: TemplateInput): Rendered {
  const fi = lang === 'fi';
  const name = domainToUnicode(input.subject) || input.subject;
  const d = input.data;
  let subject: string;
  let body: string;
  switch (template) {
    case 'invoice_created':
    case 'invoice_overdue': {
      const inv = input.invoice!;
      const payment = fi
        ? `Summa: ${money(lang, inv.totalCents)}\nEräpäivä: ${date(lang, inv.dueDate)}\nViitenumero: ${formatReferenceNumber(inv.refNumber)}\nTilinumero: ${formatIban(inv.iban)}${inv.bic ? ` (BIC ${inv.bic})` : ''}`
        : `Amount: ${money(lang, inv.totalCents)}\nDue date: ${date(lang, inv.dueDate)}\nReference: ${formatReferenceNumber(inv.refNumber)}\nAccount: ${formatIban(inv.iban)}${inv.bic ? ` (BIC ${inv.bic})` : ''}`;
      if (template === 'invoice_created') {
        subject = fi ? `Lasku ${inv.refNumber}` : `Invoice ${inv.refNumber}`;
        body = fi
          ? `Hei,\n\nohessa laskusi (PDF-liite).\n\n${payment}\n\nMaksathan laskun viitenumerolla.`
          : `Hello,\n\nplease find your invoice attached (PDF).\n\n${payment}\n\nPlease pay with the reference number.`;
      } else {
        const second = Number(d.reminder) >= 2;
        subject = fi
          ? `${second ? 'Toinen maksumuistutus' : 'Maksumuistutus'}: lasku ${inv.refNumber}`
          : `${second ? 'Second reminder' : 'Payment reminder'}: invoice ${inv.refNumber}`;
        body = fi
          ? `Hei,\n\nlaskusi ${inv.refNumber} eräpäivä (${date(lang, inv.dueDate)}) on mennyt, emmekä ole saaneet maksua.\n\n${payment}\n\n${second ? 'Jos laskua ei makseta, sen tilaukset ja palvelut perutaan tai keskeytetään.' : 'Jos olet jo maksanut laskun, tämä viesti on aiheeton.'}`
          : `Hello,\n\nthe due date of your invoice ${inv.refNumber} (${date(lang, inv.dueDate)}) has passed and we have not received payment.\n\n${payment}\n\n${second ? 'If the invoice is not paid, the orders and services it bills will be cancelled or suspended.' : 'If you have already paid it, please disregard this message.'}`;
      }
      break;
    }
    case 'invoice_cancelled':
      subject = fi ? `Lasku ${str(d.ref_number)} on peruttu` : `Invoice ${str(d.ref_number)} was cancelled`;
      body = fi
        ? `Hei,\n\nlaskua ${str(d.ref_number)} ei maksettu muistutuksista huolimatta, joten sen tilaukset ja lasku on peruttu. Laskua ei tarvitse enää maksaa.`
        : `Hello,\n\ninvoice ${str(d.ref_number)} was not paid after its reminders, so its orders and the invoice were cancelled. It need not be paid any more.`;
      break;
    case 'order_cancelled': {
      const transfer = d.kind === 'transfer';
      subject = fi ? `${name}: ${transfer ? 'siirtotilaus' : 'tilaus'} on peruttu` : `${name}: the ${transfer ? 'transfer ' : ''}order was cancelled`;
      body = fi
        ? `Hei,\n\nverkkotunnuksen ${name} ${transfer ? 'siirtotilaus' : 'rekisteröintitilaus'} on peruttu, koska laskua ${str(d.ref_number)} ei maksettu. Verkkotunnusta ei ${transfer ? 'siirretty' : 'rekisteröity'}.`
        : `Hello,\n\nthe ${transfer ? 'transfer' : 'registration'} order of ${name} was cancelled because invoice ${str(d.ref_number)} was not paid. The domain was not ${transfer ? 'transferred' : 'registered'}.`;
      break;
    }
    case 'service_suspended':
      subject = fi ? `Palvelu ${str(d.name)} on keskeytetty` : `Service ${str(d.name)} was suspended`;
      body = fi
        ? `Hei,\n\npalvelusi ${str(d.name)} on keskeytetty, koska laskua ${str(d.ref_number)} ei maksettu muistutuksista huolimatta. Palvelu jatkuu, kun lasku on maksettu.`
        : `Hello,\n\nyour service ${str(d.name)} was suspended because invoice ${str(d.ref_number)} was not paid after its reminders. It resumes once the invoice is paid.`;
      break;
    case 'service_resumed':
      subject = fi ? `Palvelu ${str(d.name)} jatkuu` : `Service ${str(d.name)} is active again`;
      body = fi
        ? `Hei,\n\nkiitos maksusta. Palvelusi ${str(d.name)} on taas käytössä.`
        : `Hello,\n\nthank you for your payment. Your service ${str(d.name)} is active again.`;
      break;
    case 'domain_registered':
      subject = fi ? `${name} on rekisteröity` : `${name} is registered`;
      body = fi
        ? `Hei,\n\nverkkotunnus ${name} on rekisteröity sinulle. Se on voimassa ${date(lang, d.exp_date)} asti.`
        : `Hello,\n\nthe domain ${name} has been registered to you. It is valid until ${date(lang, d.exp_date)}.`;
      break;
    case 'domain_renewed':
      subject = fi ? `${name} on uusittu` : `${name} has been renewed`;
      body = fi
        ? `Hei,\n\nverkkotunnus ${name} on uusittu. Se on nyt voimassa ${date(lang, d.exp_date)} asti.`
        : `Hello,\n\nthe domain ${name} has been renewed. It is now valid until ${date(lang, d.exp_date)}.`;
      break;
    case 'domain_expiring': {
      const days = Number(d.days);
      subject = fi ? `${name} vanhenee ${date(lang, d.exp_date)}` : `${name} expires on ${date(lang, d.exp_date)}`;
      body = fi
        ? `Hei,\n\nverkkotunnuksesi ${name} voimassaolo päättyy ${date(lang, d.exp_date)} (${days === 1 ? 'huomenna' : `${days} päivän kuluessa`}), eikä sen automaattinen uusinta ole päällä.\n\nUusi verkkotunnus ennen sitä, jos haluat pitää sen.`
        : `Hello,\n\nyour domain ${name} expires on ${date(lang, d.exp_date)} (${days === 1 ? 'tomorrow' : `within ${days} days`}), and its automatic renewal is off.\n\nRenew it before then if you want to keep it.`;
      break;
    }
    case 'domain_expired':
      subject = fi ? `${name} on vanhentunut` : `${name} has expired`;
      body = fi
        ? `Hei,\n\nverkkotunnuksesi ${name} voimassaolo päättyi ${date(lang, d.exp_date)}. Uusi se viimeistään ${date(lang, graceEnd(d.exp_date))}, jos haluat pitää sen; sen jälkeen se poistuu, ja kuka tahansa voi rekisteröidä sen.`
        : `Hello,\n\nyour domain ${name} expired on ${date(lang, d.exp_date)}. Renew it by ${date(lang, graceEnd(d.exp_date))} to keep it; after that it will be deleted and anyone may register it.`;
      break;
    case 'transfer_started':
      subject = fi ? `${name}: siirto on aloitettu` : `${name}: transfer started`;
      body = fi
        ? `Hei,\n\nverkkotunnuksen ${name} siirto tilillesi on aloitettu. Ilmoitamme, kun siirto on valmis.`
        : `Hello,\n\nthe transfer of the domain ${name} to your account has started. We will tell you when it is complete.`;
      break;
    case 'transfer_completed':
      subject = fi ? `${name}: siirto on valmis` : `${name}: transfer completed`;
      body = fi
        ? `Hei,\n\nverkkotunnus ${name} on siirretty tilillesi. Se on voimassa ${date(lang, d.exp_date)} asti.`
        : `Hello,\n\nthe domain ${name} has been transferred to your account. It is valid until ${date(lang, d.exp_date)}.`;
      break;
    case 'password_reset':
      subject = fi ? 'Salasanan vaihto' : 'Reset your password';
      body = fi
        ? `Hei,\n\njoku (toivottavasti sinä) pyysi salasanan vaihtoa tilillesi. Vaihda salasana tällä linkillä ${input.linkMinutes} minuutin kuluessa:\n\n${input.link}\n\nLinkki toimii kerran. Jos et pyytänyt vaihtoa, voit jättää tämän viestin huomiotta.`
        : `Hello,\n\nsomeone (hopefully you) asked to reset the password of your account. Set a new password with this link within ${input.linkMinutes} minutes:\n\n${input.link}\n\nThe link works once. If you did not ask for this, you can ignore this message.`;
      break;
  }
  return { subject, text: body + sign(lang, input.provider) };
}
