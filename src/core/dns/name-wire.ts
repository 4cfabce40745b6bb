/**
 * Domain names between their text and their wire form, for every place that writes a name's bytes
 * itself: the DNS server's records owned by names with unusual bytes (servers/dns/escaped-names.ts),
 * the canonical form DNSSEC signs and orders by (servers/dns/dnssec/canonical.ts), and a DS digest
 * (dnssec/key-material.ts). The text is the presentation form of RFC 1035 5.1: labels joined by ".",
 * `\DDD` the byte DDD and `\X` the character X (a label may hold any byte, RFC 2181 11), an optional
 * trailing dot; "" and "." are the root.
 */

/** The labels of `name` as bytes, leftmost first, as written (no case folding); the root has none. */
export function nameLabels(name: string): Buffer[] {
  const text = name.endsWith('.') && !name.endsWith('\\.') ? name.slice(0, -1) : name;
  if (text === '') return [];
  const out: Buffer[] = [];
  let label: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '.') {
      out.push(Buffer.from(label));
      label = [];
    } else if (c === '\\' && /^[0-9]{3}$/.test(text.slice(i + 1, i + 4))) {
      label.push(Number(text.slice(i + 1, i + 4)) & 0xff);
      i += 3;
    } else if (c === '\\' && i + 1 < text.length) label.push(...Buffer.from(text[++i]!, 'utf8'));
    else label.push(...Buffer.from(c, 'utf8'));
  }
  out.push(Buffer.from(label));
  return out;
}

/** RFC 4034 6.2: only US-ASCII upper case letters fold to lower case (RFC 4343); other bytes stay. */
export function foldCase(labels: Buffer[]): Buffer[] {
  for (const label of labels) for (let i = 0; i < label.length; i++) if (label[i]! >= 0x41 && label[i]! <= 0x5a) label[i]! += 0x20;
  return labels;
}

/** Labels in wire form: each after its length, uncompressed, the root's empty label last. */
export function labelsWire(labels: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [];
  for (const label of labels) parts.push(Buffer.from([label.length]), label);
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}

/** `name` in canonical wire form (RFC 4034 6.2): lower case labels, uncompressed. */
export const canonicalNameWire = (name: string): Buffer => labelsWire(foldCase(nameLabels(name)));
