import { spawnSync } from 'node:child_process';
import { XMLParser } from 'fast-xml-parser';
import { repoPath } from './paths.js';

/** Finance Finland's Finvoice 3.0 schema (see test/fixtures/finvoice/README.md). */
export const FINVOICE_XSD = repoPath('test/fixtures/finvoice/Finvoice3.0.xsd');

/**
 * What libxml2 finds wrong with a Finvoice message against the schema (`xmllint --noout --schema`,
 * the message on stdin): '' when it validates. xmllint exits 3 (or 4) for an invalid document and 5
 * for a schema it cannot read, which would make every message "invalid" for the wrong reason, so
 * that is thrown instead.
 */
export function finvoiceErrors(message: Buffer): string {
  const run = spawnSync('xmllint', ['--noout', '--schema', FINVOICE_XSD, '-'], { input: message, encoding: 'utf8' });
  if (run.error) throw run.error;
  if (run.status === 5) throw new Error(`xmllint could not read the schema: ${run.stderr}`);
  return run.status === 0 ? '' : run.stderr.trim() || `xmllint exited ${run.status}`;
}

/**
 * A message as data: the ISO-8859-15 bytes decoded (the declaration says so; a UTF-8 reading would
 * garble ä), every value a string and every attribute `@_Name`.
 */
export function readFinvoice(message: Buffer): any {
  const xml = new TextDecoder('iso-8859-15').decode(message);
  return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, parseAttributeValue: false }).parse(xml).Finvoice;
}
