import { readFileSync } from 'node:fs';
import { validateXML } from 'xmllint-wasm';

const capSchema = readFileSync(new URL('../modules/communication/CAP-v1.2.xsd', import.meta.url), 'utf8');

export interface XmlCheck {
  valid: boolean;
  errors: string[];
}

/** Validates a document against the official OASIS CAP 1.2 schema with libxml2 (compiled to WebAssembly). */
export async function validateCap(xml: string): Promise<XmlCheck> {
  const result = await validateXML({
    xml: [{ fileName: 'alert.xml', contents: xml }],
    schema: [{ fileName: 'CAP-v1.2.xsd', contents: capSchema }],
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.message) };
}

/** Whether a document is well-formed XML, by the same libxml2. */
export async function checkWellFormed(xml: string): Promise<XmlCheck> {
  const result = await validateXML({ xml: [{ fileName: 'doc.xml', contents: xml }], normalization: 'format' });
  return { valid: result.valid, errors: result.errors.map((e) => e.message) };
}
