/**
 * The Microsoft 365 catalog seeded by migration 003 (frozen with it: a later price or offer change
 * is a new migration). Catalog Ids are the positions below, 1-based.
 *
 * - product_sku: Microsoft's new-commerce "<product id>:<sku id>" as the Partner Center catalog and
 *   price lists name them (CFQ7TTC0LH18:0001 is Microsoft 365 Business Basic; the document's own
 *   examples show CFQ7TTC0LH16:0001 for Exchange Online (Plan 1) and CFQ7TTC0LDPB:0001 for Business
 *   Standard). Each id was checked against published CSP price lists and Partner Center samples.
 * - sku_part_number: the licence's SKU part number as Microsoft Graph reports it (subscribedSkus).
 * - terms: "<term duration>:<billing cycle>" pairs Microsoft sells. Every offer has a monthly term
 *   billed monthly and an annual term billed monthly or up front; three-year terms (billed monthly,
 *   yearly or up front) exist for Microsoft 365 E3 and E5 only (CSP, since June 2025).
 * - min/max_quantity: the seats a tenant may hold. The Business plans and Teams Essentials are for
 *   organisations of up to 300 users, so a tenant holds at most 300 seats of each.
 * - price_cents: hostplane's list price per licence per month for an annual term paid up front, in
 *   euro cents, VAT excluded, set at Microsoft's public euro-zone list prices as of 2025 (rounded to
 *   the ten cents). Monthly terms and monthly billing cost more (see core/m365/pricing.ts).
 */
export interface SeedOffer {
  title: string;
  description: string;
  product_sku: string;
  sku_part_number: string;
  terms: string[];
  min_quantity: number;
  max_quantity: number | null;
  price_cents: number;
}

const STANDARD_TERMS = ['P1M:P1M', 'P1Y:P1Y', 'P1Y:P1M'];
const WITH_THREE_YEARS = [...STANDARD_TERMS, 'P3Y:P3Y', 'P3Y:P1Y', 'P3Y:P1M'];
const SMB_MAX = 300;

export const M365_SEED_OFFERS: SeedOffer[] = [
  {
    title: 'Microsoft 365 Business Basic',
    description: 'Business e-mail (Exchange, 50 GB mailbox), 1 TB OneDrive storage, Teams, SharePoint and the web and mobile versions of Word, Excel and PowerPoint. For organisations of up to 300 users.',
    product_sku: 'CFQ7TTC0LH18:0001', sku_part_number: 'O365_BUSINESS_ESSENTIALS', terms: STANDARD_TERMS,
    min_quantity: 1, max_quantity: SMB_MAX, price_cents: 560,
  },
  {
    title: 'Microsoft 365 Business Standard',
    description: 'Everything in Business Basic plus the desktop Office apps (Word, Excel, PowerPoint, Outlook) on up to five PCs or Macs, five tablets and five phones per user, webinars and Bookings. For organisations of up to 300 users.',
    product_sku: 'CFQ7TTC0LDPB:0001', sku_part_number: 'O365_BUSINESS_PREMIUM', terms: STANDARD_TERMS,
    min_quantity: 1, max_quantity: SMB_MAX, price_cents: 1170,
  },
  {
    title: 'Microsoft 365 Business Premium',
    description: 'Everything in Business Standard plus advanced security and device management: Intune, Entra ID P1, Defender for Business, conditional access and information protection. For organisations of up to 300 users.',
    product_sku: 'CFQ7TTC0LCHC:0002', sku_part_number: 'SPB', terms: STANDARD_TERMS,
    min_quantity: 1, max_quantity: SMB_MAX, price_cents: 2060,
  },
  {
    title: 'Microsoft 365 Apps for business',
    description: 'The desktop Office apps (Word, Excel, PowerPoint, Outlook) with 1 TB OneDrive storage per user; no business e-mail or Teams. For organisations of up to 300 users.',
    product_sku: 'CFQ7TTC0LH1G:0001', sku_part_number: 'O365_BUSINESS', terms: STANDARD_TERMS,
    min_quantity: 1, max_quantity: SMB_MAX, price_cents: 980,
  },
  {
    title: 'Microsoft 365 Apps for enterprise',
    description: 'The desktop Office apps with 1 TB OneDrive storage per user, shared computer activation and enterprise deployment tools; no business e-mail.',
    product_sku: 'CFQ7TTC0LGZT:0001', sku_part_number: 'OFFICESUBSCRIPTION', terms: STANDARD_TERMS,
    min_quantity: 1, max_quantity: null, price_cents: 1170,
  },
  {
    title: 'Exchange Online (Plan 1)',
    description: 'Business e-mail, calendar and contacts with a 50 GB mailbox per user, Outlook on the web and anti-malware and anti-spam protection.',
    product_sku: 'CFQ7TTC0LH16:0001', sku_part_number: 'EXCHANGESTANDARD', terms: STANDARD_TERMS,
    min_quantity: 1, max_quantity: null, price_cents: 370,
  },
  {
    title: 'Exchange Online (Plan 2)',
    description: 'Everything in Exchange Online (Plan 1) with a 100 GB mailbox, unlimited archiving, data loss prevention and hosted voicemail.',
    product_sku: 'CFQ7TTC0LH1P:0001', sku_part_number: 'EXCHANGEENTERPRISE', terms: STANDARD_TERMS,
    min_quantity: 1, max_quantity: null, price_cents: 750,
  },
  {
    title: 'Microsoft 365 E3',
    description: 'The desktop Office apps, Exchange, SharePoint, OneDrive and Teams, Windows Enterprise E3 and Enterprise Mobility + Security E3 for organisations of any size.',
    product_sku: 'CFQ7TTC0LFLX:0001', sku_part_number: 'SPE_E3', terms: WITH_THREE_YEARS,
    min_quantity: 1, max_quantity: null, price_cents: 3370,
  },
  {
    title: 'Microsoft 365 E5',
    description: 'Everything in Microsoft 365 E3 plus advanced security (Defender XDR), compliance, Power BI Pro and audio conferencing.',
    product_sku: 'CFQ7TTC0LFLZ:0002', sku_part_number: 'SPE_E5', terms: WITH_THREE_YEARS,
    min_quantity: 1, max_quantity: null, price_cents: 5470,
  },
  {
    title: 'Microsoft 365 F3',
    description: 'For frontline workers: the web and mobile Office apps, a 2 GB mailbox, Teams, SharePoint and Windows Enterprise E3 on a shared or single device.',
    product_sku: 'CFQ7TTC0LH05:0001', sku_part_number: 'SPE_F1', terms: STANDARD_TERMS,
    min_quantity: 1, max_quantity: null, price_cents: 750,
  },
  {
    title: 'Office 365 E1',
    description: 'Business e-mail, SharePoint, OneDrive, Teams and the web versions of the Office apps, without the desktop apps.',
    product_sku: 'CFQ7TTC0LF8Q:0001', sku_part_number: 'STANDARDPACK', terms: STANDARD_TERMS,
    min_quantity: 1, max_quantity: null, price_cents: 940,
  },
  {
    title: 'Office 365 E3',
    description: 'The desktop Office apps with business e-mail (100 GB mailbox), SharePoint, OneDrive, Teams and compliance tools.',
    product_sku: 'CFQ7TTC0LF8R:0001', sku_part_number: 'ENTERPRISEPACK', terms: STANDARD_TERMS,
    min_quantity: 1, max_quantity: null, price_cents: 2180,
  },
  {
    title: 'Microsoft Teams Essentials',
    description: 'Teams meetings of up to 30 hours with up to 300 participants, chat and 10 GB of cloud storage per user. For organisations of up to 300 users.',
    product_sku: 'CFQ7TTC0JN4R:0002', sku_part_number: 'TEAMS_ESSENTIALS_AAD', terms: STANDARD_TERMS,
    min_quantity: 1, max_quantity: SMB_MAX, price_cents: 370,
  },
  {
    title: 'Microsoft Entra ID P1 (formerly Azure Active Directory Premium P1)',
    description: 'Identity and access management: single sign-on to cloud and on-premises apps, multifactor authentication, conditional access based on user, location and device, and self-service password reset.',
    product_sku: 'CFQ7TTC0LFLS:0002', sku_part_number: 'AAD_PREMIUM', terms: STANDARD_TERMS,
    min_quantity: 1, max_quantity: null, price_cents: 560,
  },
  {
    title: 'Microsoft Entra ID P2 (formerly Azure Active Directory Premium P2)',
    description: 'Everything in Entra ID P1 plus risk-based conditional access (ID Protection), privileged identity management and access reviews.',
    product_sku: 'CFQ7TTC0LFK5:0001', sku_part_number: 'AAD_PREMIUM_P2', terms: STANDARD_TERMS,
    min_quantity: 1, max_quantity: null, price_cents: 840,
  },
];
