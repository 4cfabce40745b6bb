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
}
