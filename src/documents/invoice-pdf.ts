import PDFDocument from 'pdfkit';
import { formatCreditorReference, formatReferenceNumber } from '../core/billing/reference-number.js';
import { formatIban } from '../core/billing/iban.js';
import { code128cWidths } from './code128.js';
import type { InvoiceDocument } from './invoice-document.js';
import { winAnsi } from './win-ansi.js';
import { INVOICE_TEXTS, type DocumentLang, type InvoiceTexts } from './invoice-texts.js';

/**
 * An invoice as a PDF (A4), in Finnish or English: seller, buyer, lines with VAT per line, totals with
 * VAT by rate, dates, the reference in both forms, the account, and the bank barcode as its 54 digits
 * and as Code 128 drawn with rectangles.
 *
 * A pure function of its input, byte for byte: the PDF's dates (and the file id pdfkit derives from
 * them) are the invoice's date, never the clock, and the fonts are the standard Helvetica, which is
 * referenced, not embedded (its WinAnsi encoding has ä, ö, å and €), so nothing is downloaded or read
 * from the machine but pdfkit's own font metrics.
 */
export function invoicePdf(document: InvoiceDocument, lang: DocumentLang): Promise<Buffer> {
  const t = INVOICE_TEXTS[lang];
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: 40, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: {
      Title: `${t.title[0]}${t.title.slice(1).toLowerCase()} ${document.number}`,
      Author: document.seller.name,
      CreationDate: new Date(`${document.date}T00:00:00Z`),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  layout(pdf, document, t);
  pdf.end();
  return done;
}

type Pdf = InstanceType<typeof PDFDocument>;

const MARGIN = 50;
const RIGHT = 545.28;
/** Where the flow of content ends on a page: the footer is below. */
const BOTTOM = 760;
/** The barcode: 0.8 pt modules (0.28 mm), 15 mm high, and 20 pt of white on each side (ISO/IEC 15417 asks for 10 modules). */
const MODULE = 0.8;
const BAR_HEIGHT = 42.5;
const QUIET = 20;

/** Line table columns: x, width, alignment. */
const COLUMNS = {
  description: { x: MARGIN, width: 185, align: 'left' },
  qty: { x: 235, width: 35, align: 'right' },
  unit: { x: 270, width: 60, align: 'right' },
  net: { x: 330, width: 62, align: 'right' },
  rate: { x: 392, width: 43, align: 'right' },
  vat: { x: 435, width: 50, align: 'right' },
  gross: { x: 485, width: RIGHT - 485, align: 'right' },
} as const;

function layout(pdf: Pdf, d: InvoiceDocument, t: InvoiceTexts): void {
  const font = (bold: boolean, size: number) => pdf.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(size);
  const at = (text: string, x: number, y: number, width: number, align: 'left' | 'right' = 'left') =>
    pdf.text(winAnsi(text), x, y, { width, align, lineBreak: false });

  // Seller (left) and the invoice's own facts (right).
  font(true, 14);
  at(d.seller.name, MARGIN, MARGIN, 280);
  font(false, 9);
  let y = MARGIN + 20;
  for (const line of [d.seller.address, [d.seller.zipCode, d.seller.city].filter(Boolean).join(' '), d.seller.country === 'FI' ? '' : d.seller.country]) {
    if (!line) continue;
    at(line, MARGIN, y, 280);
    y += 12;
  }
  if (d.seller.businessId) (at(`${t.businessId}: ${d.seller.businessId}`, MARGIN, y, 280), (y += 12));
  if (d.seller.vatId) at(`${t.vatId}: ${d.seller.vatId}`, MARGIN, y, 280);

  font(true, 18);
  at(t.title, 345, MARGIN - 2, RIGHT - 345, 'right');
  const facts: Array<[string, string]> = [
    [t.number, String(d.number)],
    [t.date, t.day(d.date)],
    [t.dueDate, t.day(d.dueDate)],
    [t.reference, formatReferenceNumber(d.reference)],
  ];
  if (d.creditorReference) facts.push([t.creditorReference, formatCreditorReference(d.creditorReference)]);
  if (d.period) facts.push([t.period, t.month(d.period)]);
  y = MARGIN + 28;
  for (const [label, value] of facts) {
    font(false, 9);
    at(label, 345, y, 95);
    font(true, 9);
    at(value, 440, y, RIGHT - 440, 'right');
    y += 13;
  }

  // Buyer, as billed (the recipient snapshot on the invoice).
  y = Math.max(y, MARGIN + 100) + 12;
  font(true, 9);
  at(t.buyer, MARGIN, y, 280);
  font(false, 10);
  y += 14;
  const b = d.buyer;
  for (const line of [b.companyName, b.name, b.address, [b.zipCode, b.city].filter(Boolean).join(' '), b.country === 'FI' ? '' : b.country]) {
    if (!line) continue;
    at(line, MARGIN, y, 280);
    y += 13;
  }
  if (b.businessId) {
    font(false, 9);
    at(`${t.businessId}: ${b.businessId}`, MARGIN, y, 280);
    y += 13;
  }

  // Lines: VAT per line, as billed.
  y += 18;
  const header = (top: number) => {
    font(true, 8);
    at(t.description, COLUMNS.description.x, top, COLUMNS.description.width);
    at(t.qty, COLUMNS.qty.x, top, COLUMNS.qty.width, 'right');
    at(t.unitPrice, COLUMNS.unit.x, top, COLUMNS.unit.width, 'right');
    at(t.net, COLUMNS.net.x, top, COLUMNS.net.width, 'right');
    at(t.vatRate, COLUMNS.rate.x, top, COLUMNS.rate.width, 'right');
    at(t.vat, COLUMNS.vat.x, top, COLUMNS.vat.width, 'right');
    at(t.total, COLUMNS.gross.x, top, COLUMNS.gross.width, 'right');
    pdf.moveTo(MARGIN, top + 12).lineTo(RIGHT, top + 12).lineWidth(0.5).stroke();
    return top + 18;
  };
  y = header(y);
  for (const line of d.lines) {
    font(false, 9);
    const description = winAnsi(line.description);
    const height = Math.max(pdf.heightOfString(description, { width: COLUMNS.description.width }), 11) + 5;
    if (y + height > BOTTOM) {
      pdf.addPage();
      y = header(MARGIN);
      font(false, 9);
    }
    pdf.text(description, COLUMNS.description.x, y, { width: COLUMNS.description.width });
    at(String(line.qty), COLUMNS.qty.x, y, COLUMNS.qty.width, 'right');
    at(t.money(line.unitCents), COLUMNS.unit.x, y, COLUMNS.unit.width, 'right');
    at(t.money(line.netCents), COLUMNS.net.x, y, COLUMNS.net.width, 'right');
    at(t.percent(line.vatRateBp), COLUMNS.rate.x, y, COLUMNS.rate.width, 'right');
    at(t.money(line.vatCents), COLUMNS.vat.x, y, COLUMNS.vat.width, 'right');
    at(t.money(line.grossCents), COLUMNS.gross.x, y, COLUMNS.gross.width, 'right');
    y += height;
  }

  // Totals: net, VAT by rate, gross.
  const totals: Array<[string, string, boolean]> = [
    [t.netTotal, t.money(d.netCents), false],
    ...d.vatByRate.map((r): [string, string, boolean] => [`${t.vatAt(t.percent(r.rateBp))} (${t.money(r.netCents)})`, t.money(r.vatCents), false]),
    [t.grossTotal, t.money(d.grossCents), true],
  ];
  if (y + 8 + totals.length * 14 > BOTTOM) (pdf.addPage(), (y = MARGIN));
  pdf.moveTo(COLUMNS.net.x, y + 2).lineTo(RIGHT, y + 2).lineWidth(0.5).stroke();
  y += 8;
  for (const [label, value, bold] of totals) {
    font(bold, bold ? 10 : 9);
    at(label, 270, y, 200, 'right');
    at(value, 470, y, RIGHT - 470, 'right');
    y += 14;
  }

  // Payment: the account, the reference and the bank barcode; or that it is paid.
  y += 20;
  if (y + 170 > BOTTOM) (pdf.addPage(), (y = MARGIN));
  if (d.paid) {
    font(true, 11);
    at(t.paid(d.datePaid ? t.day(d.datePaid) : ''), MARGIN, y, RIGHT - MARGIN);
  } else if (!d.seller.iban) {
    font(true, 10);
    at(t.noPaymentDetails, MARGIN, y, RIGHT - MARGIN);
  } else {
    pdf.moveTo(MARGIN, y).lineTo(RIGHT, y).dash(3, { space: 2 }).lineWidth(0.5).stroke().undash();
    y += 10;
    font(true, 10);
    at(t.payment, MARGIN, y, 250);
    y += 16;
    const rows: Array<[string, string]> = [
      [t.iban, formatIban(d.seller.iban)],
      [t.bic, d.seller.bic],
      [t.seller, d.seller.name],
      [t.reference, formatReferenceNumber(d.reference)],
      [t.dueDate, t.day(d.dueDate)],
      [t.amount, t.money(d.grossCents)],
    ];
    for (const [label, value] of rows) {
      font(false, 9);
      at(label, MARGIN, y, 130);
      font(true, 9);
      at(value, MARGIN + 130, y, 250);
      y += 13;
    }
    if (d.bankBarcode) {
      y += 8;
      font(false, 8);
      at(`${t.barcode}: ${d.bankBarcode}`, MARGIN, y, RIGHT - MARGIN);
      y += 14;
      drawBarcode(pdf, d.bankBarcode, MARGIN + QUIET, y);
      y += BAR_HEIGHT + 6;
      font(false, 8);
      at(t.barcodeHelp, MARGIN, y, RIGHT - MARGIN);
    }
  }

  // Footer on every page: who sent it, and the page.
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    font(false, 7.5);
    const who = [d.seller.name, d.seller.businessId && `${t.businessId} ${d.seller.businessId}`, d.seller.vatId && `${t.vatId} ${d.seller.vatId}`]
      .filter(Boolean)
      .join('   ');
    at(who, MARGIN, 785, 380);
    at(t.page(i - range.start + 1, range.count), 430, 785, RIGHT - 430, 'right');
  }
}

/** The bank barcode as Code 128 set C: one filled rectangle per bar, left to right. */
function drawBarcode(pdf: Pdf, digits: string, x: number, y: number): void {
  let cursor = x;
  code128cWidths(digits).forEach((modules, i) => {
    if (i % 2 === 0) pdf.rect(cursor, y, modules * MODULE, BAR_HEIGHT);
    cursor += modules * MODULE;
  });
  pdf.fillColor('black').fill();
}
