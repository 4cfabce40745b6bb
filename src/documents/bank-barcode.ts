import { isValidCreditorReference, isValidReferenceNumber } from '../core/billing/reference-number.js';
import { isValidIban } from '../core/billing/iban.js';

/**
 * The Finnish bank barcode in its text form (virtuaaliviivakoodi): 54 digits that a payer pastes into
 * the online bank, which fills in the account, the amount, the reference and the due date. The layout
 * is Finanssiala's "Pankkiviivakoodi-opas" (version 5.3 of the guide):
 *
 *   version 4 (national reference):  4 | IBAN 16 | euros 6 | cents 2 | 000 | reference 20 | YYMMDD
 *   version 5 (RF reference):        5 | IBAN 16 | euros 6 | cents 2 | RF check 2 | reference 21 | YYMMDD
 *
 * IBAN 16 is a Finnish IBAN without its "FI" (check digits and the 14-digit account); the references are
 * right-aligned with leading zeros (version 5 takes the part after "RFnn"); no due date is 000000. An
 * amount the six euro digits cannot hold (1,000,000 euros or more) is written as zeros, as the guide
 * asks, so the payer types it in.
 */
export interface BankBarcodeInput {
  /** A Finnish IBAN (FI...), spaces allowed. */
  iban: string;
  /** The amount due in cents (0 or more). */
  cents: number;
  /** A national reference (digits, spaces allowed: version 4) or an RF reference (version 5). */
  reference: string;
  /** "YYYY-MM-DD", or null for none (000000). */
  dueDate: string | null;
}

export function bankBarcode(input: BankBarcodeInput): string {
  const iban = input.iban.replace(/\s+/g, '').toUpperCase();
  if (!/^FI[0-9]{16}$/.test(iban) || !isValidIban(iban)) throw new RangeError(`the bank barcode takes a Finnish IBAN, got "${input.iban}"`);
  if (!Number.isInteger(input.cents) || input.cents < 0) throw new RangeError(`the bank barcode takes an amount of 0 cents or more, got ${input.cents}`);
  const amount = input.cents > 99_999_999 ? '0'.repeat(8) : String(input.cents).padStart(8, '0');
  const due = input.dueDate === null ? '000000' : dueDate(input.dueDate);
  const reference = input.reference.replace(/\s+/g, '').toUpperCase();

  if (reference.startsWith('RF')) {
    // The barcode has digits only: an RF reference with letters in it cannot be carried.
    if (!isValidCreditorReference(reference) || !/^RF[0-9]{3,23}$/.test(reference)) {
      throw new RangeError(`not an RF reference of digits: "${input.reference}"`);
    }
    return `5${iban.slice(2)}${amount}${reference.slice(2, 4)}${reference.slice(4).padStart(21, '0')}${due}`;
  }
  if (!isValidReferenceNumber(reference)) throw new RangeError(`not a Finnish reference number: "${input.reference}"`);
  return `4${iban.slice(2)}${amount}000${reference.padStart(20, '0')}${due}`;
}

function dueDate(iso: string): string {
  const m = /^\d{2}(\d{2})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new RangeError(`a due date is YYYY-MM-DD, got "${iso}"`);
  return `${m[1]}${m[2]}${m[3]}`;
}
