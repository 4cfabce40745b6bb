import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { invalid } from '../errors.js';

/**
 * ISO 20022 bank-to-customer files as Finnish banks deliver them: camt.054 (debit/credit notification,
 * "saapuvat viitemaksut", versions 001.02 onwards) and camt.053 (account statement). Pure: the file's
 * text in, its transactions out; nothing is matched or stored here.
 *
 * The shape read (Finanssiala's "ISO 20022 -tiliotteen ja viitemaksuaineiston soveltamisohje"):
 * Document / BkToCstmrDbtCdtNtfctn / Ntfctn (or BkToCstmrStmt / Stmt) / Acct / Id / IBAN, then each
 * Ntry (one booking) with Amt@Ccy, CdtDbtInd, Sts, BookgDt, AcctSvcrRef (the bank's archive id) and
 * NtryDtls / TxDtls, one per payment: a batch entry ("viitesiirrot") holds many. A TxDtls carries its
 * own Refs / AcctSvcrRef, amount (AmtDtls / TxAmt / Amt in 001.02, Amt from 001.03), the debtor
 * (RltdPties / Dbtr / Nm, or Dbtr / Pty / Nm from 001.08) and the structured creditor reference
 * (RmtInf / Strd / CdtrRefInf / Ref).
 *
 * A file that is not such a document, or an entry missing what importing it needs, is refused as a
 * whole (`invalid` on field "file"), so a broken file imports nothing.
 */
export interface CamtFile {
  kind: 'camt.054' | 'camt.053';
  /** The namespace's message version ("camt.054.001.02"), or the kind when the file names none. */
  version: string;
  /** GrpHdr / MsgId. */
  messageId: string;
  transactions: CamtTransaction[];
}

export interface CamtTransaction {
  /**
   * What makes the payment one: the transaction's Refs / AcctSvcrRef, else its entry's AcctSvcrRef
   * (or NtryRef), with "/n" for the n-th of several transaction details. The same payment carries the
   * same archive id in the day's camt.054 and in the statement (camt.053) that repeats it.
   */
  bankRef: string;
  /** The account credited or debited: its IBAN (or other id), "" when the file does not say. */
  account: string;
  credit: boolean;
  /** BOOK; other statuses (PDNG, INFO) are not bookings yet. */
  booked: boolean;
  status: string;
  reversal: boolean;
  /** The amount as written ("18.70"). */
  amount: string;
  /** In cents, or null when the amount has more than two decimals (possible only in another currency). */
  amountCents: number | null;
  currency: string;
  /** YYYY-MM-DD; "" when a not-booked entry has no booking date. */
  bookedOn: string;
  /** RmtInf / Strd / CdtrRefInf / Ref as given, or null. */
  reference: string | null;
  debtor: string;
  /**
   * An entry with no transaction details (a batch's total, a booking without a payer): listed, never
   * imported (see import-payments.ts).
   */
  withoutDetails?: boolean;
}

const ARRAYS = new Set(['Ntfctn', 'Stmt', 'Ntry', 'NtryDtls', 'TxDtls', 'Strd']);

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  // Every value as written: a reference's leading zeros and an amount's "18.70" stay as they are.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ARRAYS.has(name),
});

type Node = Record<string, unknown>;

/** Reads a camt.054 or camt.053 document. Errors: invalid (field "file") naming what is wrong and where. */
export function parseCamt(xml: string): CamtFile {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw refused(`not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch (err) {
    // The parser's own refusals: external entities, entity expansion beyond its limits.
    throw refused(err instanceof Error ? err.message : String(err));
  }
  const root = doc.Document === '' ? {} : node(doc.Document); // <Document/> is an empty string to the parser
  if (!root) throw refused('not an ISO 20022 document (no Document element)');
  const version = namespaceVersion(xml);
  const notification = node(root.BkToCstmrDbtCdtNtfctn);
  const statement = node(root.BkToCstmrStmt);
  if (!notification && !statement) {
    const inside = Object.keys(root).filter((k) => !k.startsWith('@')).join(', ') || 'nothing';
    throw refused(`not a camt.054 or camt.053 document (Document holds ${inside})`);
  }
  const kind = notification ? 'camt.054' : 'camt.053';
  if (version && !version.startsWith(kind)) throw refused(`the namespace says ${version} but the document is a ${kind}`);
  const body = (notification ?? statement)!;
  const messageId = text(node(body.GrpHdr)?.MsgId);
  if (!messageId) throw refused('no GrpHdr/MsgId');
  const reports = list(notification ? body.Ntfctn : body.Stmt);
  if (reports.length === 0) throw refused(`no ${notification ? 'Ntfctn' : 'Stmt'}`);

  const transactions: CamtTransaction[] = [];
  let entryNo = 0;
  for (const report of reports) {
    const id = node(node(report.Acct)?.Id);
    const account = text(id?.IBAN) || text(node(id?.Othr)?.Id);
    for (const entry of list(report.Ntry)) {
      entryNo++;
      transactions.push(...entryTransactions(entry, entryNo, account));
    }
  }
  return { kind, version: version ?? kind, messageId, transactions };
}

function entryTransactions(entry: Node, no: number, account: string): CamtTransaction[] {
  const entryRef = text(entry.AcctSvcrRef) || text(entry.NtryRef);
  const where = `entry ${no}${entryRef ? ` (${entryRef})` : ''}`;
  const indicator = text(entry.CdtDbtInd);
  if (indicator !== 'CRDT' && indicator !== 'DBIT') throw refused(`${where}: CdtDbtInd is "${indicator}", not CRDT or DBIT`);
  const stsNode = entry.Sts;
  const status = (typeof stsNode === 'object' && stsNode !== null ? text(node(stsNode)?.Cd) : text(stsNode)) || '';
  if (!status) throw refused(`${where}: no Sts`);
  const booked = status === 'BOOK';
  const bookingDate = node(entry.BookgDt);
  const bookedOn = (text(bookingDate?.Dt) || text(bookingDate?.DtTm)).slice(0, 10);
  if (booked && !/^\d{4}-\d\d-\d\d$/.test(bookedOn)) throw refused(`${where}: a booked entry without a BookgDt date`);
  const entryAmount = amountOf(entry.Amt, where);
  const details = list(entry.NtryDtls).flatMap((d) => list(d.TxDtls));
  const base = {
    account, credit: indicator === 'CRDT', booked, status, reversal: text(entry.RvslInd) === 'true', bookedOn,
  };
  if (details.length === 0) {
    // A statement's batch of reference payments is often its total alone (the payments themselves come
    // in the camt.054): stored as one payment it would count them twice. It has no reference to match.
    if (!entryRef) throw refused(`${where}: neither AcctSvcrRef nor NtryRef, so it could not be told apart from another payment`);
    return [{ ...base, bankRef: entryRef, ...entryAmount, reference: null, debtor: '', withoutDetails: true }];
  }
  return details.map((tx, i) => {
    const at = details.length > 1 ? `${where}, transaction ${i + 1}` : where;
    const own = text(node(tx.Refs)?.AcctSvcrRef);
    if (!own && !entryRef) throw refused(`${at}: neither its own Refs/AcctSvcrRef nor the entry's, so it could not be told apart from another payment`);
    const bankRef = own || (details.length > 1 ? `${entryRef}/${i + 1}` : entryRef);
    const amtDtls = node(tx.AmtDtls);
    const txAmount = tx.Amt ?? node(amtDtls?.TxAmt)?.Amt ?? node(amtDtls?.InstdAmt)?.Amt;
    if (txAmount === undefined && details.length > 1) throw refused(`${at}: no amount (Amt or AmtDtls/TxAmt/Amt) in a batch entry`);
    const amount = txAmount === undefined ? entryAmount : amountOf(txAmount, at);
    const parties = node(tx.RltdPties);
    const debtor = node(parties?.Dbtr);
    const debtorName = text(debtor?.Nm) || text(node(debtor?.Pty)?.Nm);
    const reference = list(node(tx.RmtInf)?.Strd).map((s) => text(node(s.CdtrRefInf)?.Ref)).find(Boolean) || null;
    return { ...base, bankRef, ...amount, reference, debtor: debtorName };
  });
}

function amountOf(value: unknown, where: string): Pick<CamtTransaction, 'amount' | 'amountCents' | 'currency'> {
  const amt = node(value);
  const amount = text(value);
  const currency = typeof amt?.['@Ccy'] === 'string' ? (amt['@Ccy'] as string) : '';
  if (!amount) throw refused(`${where}: no amount`);
  if (!/^[A-Z]{3}$/.test(currency)) throw refused(`${where}: the amount has no currency (Ccy)`);
  const m = /^(\d{1,13})(?:\.(\d{1,5}))?$/.exec(amount);
  if (!m) throw refused(`${where}: the amount "${amount}" is not a decimal number`);
  const decimals = m[2] ?? '';
  if (decimals.length > 2 && currency === 'EUR') throw refused(`${where}: the amount "${amount}" has more than two decimals`);
  const amountCents = decimals.length > 2 ? null : Number(m[1]) * 100 + Number(decimals.padEnd(2, '0'));
  return { amount, amountCents, currency };
}

/**
 * The message version its namespace names ("urn:iso:std:iso:20022:tech:xsd:camt.054.001.02" ->
 * "camt.054.001.02"), read from the text: removeNSPrefix drops the xmlns attributes, default or prefixed.
 */
function namespaceVersion(xml: string): string | undefined {
  return /xmlns(?::[\w.-]+)?\s*=\s*["']urn:iso:std:iso:20022:tech:xsd:(camt\.\d{3}\.\d{3}\.\d{2})["']/.exec(xml)?.[1];
}

const refused = (why: string) => {
  const message = `not an importable camt.054/camt.053 file: ${why}`;
  return invalid({ file: [message] }, message);
};

function node(value: unknown): Node | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Node) : undefined;
}
function list(value: unknown): Node[] {
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is Node => node(v) !== undefined);
}
/** An element's text: itself when it has no attributes, its "#text" when it has. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  const n = node(value);
  return n && typeof n['#text'] === 'string' ? n['#text'] : '';
}
