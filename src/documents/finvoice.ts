import { XMLBuilder } from 'fast-xml-parser';
import type { DocumentLine, InvoiceDocument } from './invoice-document.js';
import { encodeLatin9, latin9Text } from './latin9.js';

/** Where a message goes: an e-invoice address (OVT code, or a consumer's bank e-invoice address) and the operator that carries it. */
export interface EinvoiceAddress {
  address: string;
  intermediator: string;
}

export interface FinvoiceInput {
  /** The buyer's e-invoice address and intermediator, as the invoice recorded them. */
  receiver: EinvoiceAddress;
  /**
   * When the message was made (an ISO timestamp): the invoice's creation, so that the message of an
   * invoice made again (a retried job) is the same bytes.
   */
  timestamp: string;
}

/** What keeps a message from being made: the missing settings or data, by name. */
export class FinvoiceError extends Error {}

/** The 3-letter currency of every amount: invoices are billed in euros (money is integer euro cents). */
const CURRENCY = 'EUR';

/**
 * An invoice as a Finvoice 3.0 message (Finance Finland's e-invoice, valid against Finvoice3.0.xsd),
 * in ISO-8859-15 bytes.
 *
 * The character set: Finvoice allows ISO-8859-15 and UTF-8, but its implementation guidelines (9.3,
 * "Character set used in Finvoice messages") name ISO-8859-15, and the banks' network checks that
 * messages really are in it (OP announced the check for autumn 2024; a declaration over UTF-8 bytes no
 * longer passes). A character outside it is written as its nearest form (latin9.ts), as the PDF does.
 *
 * The content is the invoice document's (invoice-document.ts): the same lines, VAT per line and per
 * rate, and totals the PDF prints; nothing is computed again here but formats. Text longer than its
 * field is cut to the field's length, a postal address that lacks a street, post code or town is left
 * out rather than half written, and VatCode is not given: a 0 % line may be exempt, zero-rated or
 * reverse-charged, which the invoice does not record. Amounts are written with a decimal comma, as
 * Finvoice's amount types require.
 *
 * Throws FinvoiceError when a field Finvoice requires has nothing to hold: the seller's e-invoice
 * address and intermediator (SELLER_EINVOICE_*), its IBAN and BIC (EpiDetails, the payment
 * instructions, are required), the buyer's e-invoice address and intermediator, and a name of at least
 * two characters for both parties.
 */
export function finvoice(doc: InvoiceDocument, input: FinvoiceInput): Buffer {
  const { seller, buyer } = doc;
  const missing: string[] = [];
  const need = (ok: boolean, what: string) => ok || missing.push(what);
  need(fits(seller.eInvoiceAddress, 2, 35), "the seller's e-invoice address (SELLER_EINVOICE_ADDRESS)");
  need(fits(seller.eInvoiceIntermediator, 2, 35), "the seller's e-invoice intermediator (SELLER_EINVOICE_INTERMEDIATOR)");
  need(seller.iban !== '' && seller.bic !== '', "the seller's account (SELLER_IBAN and SELLER_BIC)");
  need(fits(input.receiver.address, 2, 35), "the buyer's e-invoice address (2-35 characters)");
  need(fits(input.receiver.intermediator, 2, 35), "the buyer's e-invoice intermediator (2-35 characters)");
  need(latin9Text(seller.name).length >= 2, "the seller's name");
  need(latin9Text(buyer.companyName || buyer.name).length >= 2, "the buyer's name");
  need(doc.lines.length > 0, 'an invoice line');
  if (missing.length > 0) throw new FinvoiceError(`Invoice ${doc.number} cannot be written as Finvoice: it needs ${missing.join(', ')}`);

  const remittance = doc.creditorReference !== null && /^[0-9]{2,20}$/.test(doc.reference)
    ? { EpiRemittanceInfoIdentifier: { '@_IdentificationSchemeName': 'SPY', '#text': doc.reference } }
    : {};
  const message = {
    '?xml': { '@_version': '1.0', '@_encoding': 'ISO-8859-15' },
    Finvoice: {
      '@_Version': '3.0',
      '@_xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      '@_xsi:noNamespaceSchemaLocation': 'Finvoice3.0.xsd',
      MessageTransmissionDetails: {
        MessageSenderDetails: {
          FromIdentifier: electronicAddress(seller.eInvoiceAddress),
          FromIntermediator: text(seller.eInvoiceIntermediator, 35),
        },
        MessageReceiverDetails: {
          ToIdentifier: electronicAddress(input.receiver.address),
          ToIntermediator: text(input.receiver.intermediator, 35),
        },
        MessageDetails: {
          // The same for every making of one invoice's message, so an operator that receives it twice
          // (a job run again after a crash) can tell it is one message.
          MessageIdentifier: `${doc.number}-${doc.reference}`.slice(0, 48),
          MessageTimeStamp: new Date(input.timestamp).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        },
      },
      SellerPartyDetails: {
        ...optional('SellerPartyIdentifier', seller.businessId, 35),
        SellerOrganisationName: text(seller.name, 70),
        ...optional('SellerOrganisationTaxCode', seller.vatId, 35),
        ...postalAddress('Seller', seller.address, seller.zipCode, seller.city, seller.country),
      },
      SellerInformationDetails: {
        ...optional('SellerHomeTownName', seller.city, 35),
        SellerAccountDetails: {
          SellerAccountID: { '@_IdentificationSchemeName': 'IBAN', '#text': seller.iban },
          SellerBic: { '@_IdentificationSchemeName': 'BIC', '#text': seller.bic },
        },
      },
      BuyerPartyDetails: {
        ...optional('BuyerPartyIdentifier', buyer.businessId, 35),
        BuyerOrganisationName: text(buyer.companyName || buyer.name, 70),
        ...postalAddress('Buyer', buyer.address, buyer.zipCode, buyer.city, buyer.country),
      },
      // A company's invoice names the person it is for, as the PDF does.
      ...(buyer.companyName !== '' ? optional('BuyerContactPersonName', buyer.name, 70) : {}),
      InvoiceDetails: {
        InvoiceTypeCode: 'INV01',
        InvoiceTypeCodeUN: '380',
        InvoiceTypeText: 'LASKU',
        OriginCode: 'Original',
        InvoiceNumber: String(doc.number),
        InvoiceDate: date(doc.date),
        ...(doc.period !== null ? { InvoicingPeriodStartDate: date(`${doc.period}-01`), InvoicingPeriodEndDate: date(monthEnd(doc.period)) } : {}),
        InvoiceTotalVatExcludedAmount: amount(doc.netCents),
        InvoiceTotalVatAmount: amount(doc.vatCents),
        InvoiceTotalVatIncludedAmount: amount(doc.grossCents),
        VatSpecificationDetails: doc.vatByRate.map((rate) => ({
          VatBaseAmount: amount(rate.netCents),
          VatRatePercent: percent(rate.rateBp),
          VatRateAmount: amount(rate.vatCents),
        })),
        PaymentTermsDetails: { InvoiceDueDate: date(doc.dueDate) },
      },
      ...(doc.paid ? { PaymentStatusDetails: { PaymentStatusCode: 'PAID' } } : {}),
      ...(doc.bankBarcode !== null ? { VirtualBankBarcode: doc.bankBarcode } : {}),
      InvoiceRow: doc.lines.map(row),
      EpiDetails: {
        EpiIdentificationDetails: { EpiDate: date(doc.date), EpiReference: String(doc.number) },
        EpiPartyDetails: {
          EpiBfiPartyDetails: { EpiBfiIdentifier: { '@_IdentificationSchemeName': 'BIC', '#text': seller.bic } },
          EpiBeneficiaryPartyDetails: {
            EpiNameAddressDetails: text(seller.name, 35),
            ...(fits(seller.businessId, 8, 11) && /^[0-9A-Za-z-]+$/.test(seller.businessId) ? { EpiBei: seller.businessId } : {}),
            EpiAccountID: { '@_IdentificationSchemeName': 'IBAN', '#text': seller.iban },
          },
        },
        EpiPaymentInstructionDetails: {
          ...remittance,
          // What is still to pay: nothing on a paid invoice.
          EpiInstructedAmount: amount(doc.paid ? 0 : doc.grossCents),
          EpiCharge: { '@_ChargeOption': 'SLEV', '#text': 'SLEV' },
          EpiDateOptionDate: date(doc.dueDate),
        },
      },
    },
  };
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, indentBy: '  ' });
  return encodeLatin9(`${builder.build(message)}\n`);
}

/** One invoice line: its text, quantity, unit price, VAT rate and amount, and totals without and with VAT. */
function row(line: DocumentLine) {
  const name = latin9Text(line.description);
  return {
    ArticleName: name.slice(0, 100),
    // The whole description when the name's 100 characters cut it.
    ...(name.length > 100 ? { ArticleDescription: name.slice(0, 512) } : {}),
    InvoicedQuantity: String(line.qty),
    UnitPriceAmount: amount(line.unitCents),
    RowVatRatePercent: percent(line.vatRateBp),
    RowVatAmount: amount(line.vatCents),
    RowVatExcludedAmount: amount(line.netCents),
    RowAmount: amount(line.grossCents),
  };
}

/** Text as the message's character set writes it, cut to `max` characters. */
const text = (value: string, max: number): string => latin9Text(value).slice(0, max);

const fits = (value: string, min: number, max: number): boolean => value.length >= min && value.length <= max;

/** `{ [name]: value }` when there is a value, else nothing (an empty optional element says nothing). */
function optional(name: string, value: string, max: number): Record<string, string> {
  const written = text(value, max);
  return written === '' ? {} : { [name]: written };
}

/**
 * An e-invoice address; SchemeID 0037 (ISO 6523: the Finnish business id) marks an OVT code, which is
 * 0037 followed by the business id's eight digits and an optional suffix of up to five characters.
 */
function electronicAddress(address: string) {
  const value = text(address, 35);
  return /^0037[0-9]{8}[0-9A-Za-z]{0,5}$/.test(value) ? { '@_SchemeID': '0037', '#text': value } : value;
}

/**
 * A party's postal address (`prefix` Seller or Buyer): street lines of 35 characters (three at most),
 * town, post code and country; left out when street, post code or town is shorter than Finvoice's two
 * characters.
 */
function postalAddress(prefix: 'Seller' | 'Buyer', street: string, zipCode: string, city: string, country: string) {
  const streets = wrap(latin9Text(street), 35, 3);
  const town = text(city, 35);
  const postCode = text(zipCode, 35);
  if (streets.length === 0 || streets.some((s) => s.length < 2) || town.length < 2 || postCode.length < 2) return {};
  return {
    [`${prefix}PostalAddressDetails`]: {
      [`${prefix}StreetName`]: streets,
      [`${prefix}TownName`]: town,
      [`${prefix}PostCodeIdentifier`]: postCode,
      ...(/^[A-Z]{2}$/.test(country) ? { CountryCode: country } : {}),
    },
  };
}

/** `value` in lines of at most `width` characters, broken between words where it can be, `max` lines at most. */
function wrap(value: string, width: number, max: number): string[] {
  const lines: string[] = [];
  let rest = value;
  while (rest !== '' && lines.length < max) {
    if (rest.length <= width) {
      lines.push(rest);
      break;
    }
    const cut = rest.lastIndexOf(' ', width);
    const at = cut > 0 ? cut : width;
    lines.push(rest.slice(0, at).trim());
    rest = rest.slice(at).trim();
  }
  return lines;
}

/** "2026-03-01" -> a Finvoice date (CCYYMMDD). */
const date = (iso: string) => ({ '@_Format': 'CCYYMMDD', '#text': iso.replaceAll('-', '') });

/** The last day of "YYYY-MM". */
function monthEnd(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/** Cents as a Finvoice amount: "1234,50" (decimal comma, two decimals, a leading minus when negative). */
const amount = (cents: number) => ({ '@_AmountCurrencyIdentifier': CURRENCY, '#text': decimal(cents) });

function decimal(cents: number): string {
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

/** Basis points as a Finvoice percentage: 2550 -> "25,5", 1400 -> "14", 0 -> "0". */
function percent(bp: number): string {
  const whole = Math.floor(bp / 100);
  const fraction = String(bp % 100).padStart(2, '0').replace(/0+$/, '');
  return fraction === '' ? String(whole) : `${whole},${fraction}`;
}
