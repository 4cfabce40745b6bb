/**
 * The words and number formats of an invoice document in each language it is printed in. Numbers are
 * formatted here rather than by Intl: ICU's Finnish uses U+2212 for minus and U+00A0 between thousands,
 * which the PDF standard fonts (WinAnsi) cannot print, and its output changes with Node's ICU data,
 * which golden files must not.
 */
export type DocumentLang = 'fi' | 'en';
export const DOCUMENT_LANGS: readonly DocumentLang[] = ['fi', 'en'];

export interface InvoiceTexts {
  title: string;
  number: string;
  date: string;
  dueDate: string;
  period: string;
  reference: string;
  creditorReference: string;
  seller: string;
  buyer: string;
  businessId: string;
  vatId: string;
  description: string;
  qty: string;
  unitPrice: string;
  net: string;
  vatRate: string;
  vat: string;
  total: string;
  netTotal: string;
  vatAt: (rate: string) => string;
  grossTotal: string;
  payment: string;
  iban: string;
  bic: string;
  amount: string;
  barcode: string;
  barcodeHelp: string;
  paid: (date: string) => string;
  noPaymentDetails: string;
  page: (n: number, of: number) => string;
  money: (cents: number) => string;
  percent: (bp: number) => string;
  day: (iso: string) => string;
  month: (yyyyMm: string) => string;
}

/** 1234567 -> "1 234 567" or "1,234,567" (grouped by threes). */
const grouped = (n: number, separator: string) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, separator);

function decimal(cents: number, point: string, separator: string): string {
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${grouped(Math.floor(abs / 100), separator)}${point}${String(abs % 100).padStart(2, '0')}`;
}

/** Basis points as a percentage with as many decimals as it has (2550 -> 25.5, 2400 -> 24, 1000 -> 10). */
const rate = (bp: number, point: string) => String(bp / 100).replace('.', point);

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const isoParts = (iso: string) => iso.split('-').map(Number) as [number, number, number];

export const INVOICE_TEXTS: Record<DocumentLang, InvoiceTexts> = {
  fi: {
    title: 'LASKU',
    number: 'Laskun numero',
    date: 'Laskun päivämäärä',
    dueDate: 'Eräpäivä',
    period: 'Laskutuskausi',
    reference: 'Viitenumero',
    creditorReference: 'RF-viite',
    seller: 'Laskuttaja',
    buyer: 'Laskutettava',
    businessId: 'Y-tunnus',
    vatId: 'ALV-tunniste',
    description: 'Kuvaus',
    qty: 'Määrä',
    unitPrice: 'À-hinta',
    net: 'Veroton',
    vatRate: 'ALV %',
    vat: 'ALV',
    total: 'Yhteensä',
    netTotal: 'Veroton yhteensä',
    vatAt: (r) => `ALV ${r}`,
    grossTotal: 'Maksettava yhteensä',
    payment: 'Maksutiedot',
    iban: 'Saajan tilinumero (IBAN)',
    bic: 'BIC',
    amount: 'Summa',
    barcode: 'Virtuaaliviivakoodi',
    barcodeHelp: 'Maksa verkkopankissa lukemalla viivakoodi tai liittämällä virtuaaliviivakoodi.',
    paid: (d) => `Maksettu ${d}. Kiitos!`,
    noPaymentDetails: 'Maksutiedot puuttuvat: ota yhteyttä laskuttajaan.',
    page: (n, of) => `Sivu ${n}/${of}`,
    money: (c) => `${decimal(c, ',', ' ')} €`,
    percent: (bp) => `${rate(bp, ',')} %`,
    day: (iso) => {
      const [y, m, d] = isoParts(iso);
      return `${d}.${m}.${y}`;
    },
    month: (ym) => {
      const [y, m] = isoParts(ym);
      return `${m}/${y}`;
    },
  },
  en: {
    title: 'INVOICE',
    number: 'Invoice number',
    date: 'Invoice date',
    dueDate: 'Due date',
    period: 'Billing period',
    reference: 'Reference number',
    creditorReference: 'RF reference',
    seller: 'Seller',
    buyer: 'Bill to',
    businessId: 'Business ID',
    vatId: 'VAT number',
    description: 'Description',
    qty: 'Qty',
    unitPrice: 'Unit price',
    net: 'Net',
    vatRate: 'VAT %',
    vat: 'VAT',
    total: 'Total',
    netTotal: 'Total excluding VAT',
    vatAt: (r) => `VAT ${r}`,
    grossTotal: 'Total due',
    payment: 'Payment details',
    iban: 'Account (IBAN)',
    bic: 'BIC',
    amount: 'Amount',
    barcode: 'Virtual bank barcode',
    barcodeHelp: 'Pay in your online bank by reading the barcode or pasting the virtual barcode.',
    paid: (d) => `Paid on ${d}. Thank you!`,
    noPaymentDetails: 'Payment details are missing: please contact the seller.',
    page: (n, of) => `Page ${n} of ${of}`,
    money: (c) => `${c < 0 ? '-' : ''}€${decimal(Math.abs(c), '.', ',')}`,
    percent: (bp) => `${rate(bp, '.')}%`,
    day: (iso) => {
      const [y, m, d] = isoParts(iso);
      return `${d} ${MONTHS_EN[m - 1]} ${y}`;
    },
    month: (ym) => {
      const [y, m] = isoParts(ym);
      return `${MONTHS_EN[m - 1]} ${y}`;
    },
  },
};
