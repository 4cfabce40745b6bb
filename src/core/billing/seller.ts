/**
 * The provider as the seller on its invoices (SELLER_* settings). Empty strings are details the operator
 * has not given: the invoice leaves them out (and without an IBAN it has no payment details and no bank
 * barcode), rather than printing a made-up account someone might pay into.
 */
export interface Seller {
  name: string;
  /** Street address. */
  address: string;
  zipCode: string;
  city: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** Finnish business id (Y-tunnus, 1234567-1). */
  businessId: string;
  /** VAT number (FI12345678 for a Finnish business id). */
  vatId: string;
  /** Where invoices are paid, compact (FI7944052020036082). */
  iban: string;
  bic: string;
  /**
   * Where the seller's own e-invoices are addressed (its OVT code, such as 003712345671) and the
   * operator that carries them (an intermediator id, such as 003721291126 or a bank's BIC): the sender
   * of the Finvoice messages it sends (SELLER_EINVOICE_ADDRESS, SELLER_EINVOICE_INTERMEDIATOR).
   */
  eInvoiceAddress: string;
  eInvoiceIntermediator: string;
}
