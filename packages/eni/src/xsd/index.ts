import { readdir, readFile } from 'node:fs/promises';
import { validateXML } from 'xmllint-wasm';
import type { EniProblem } from '../model.ts';

/**
 * Validation against the official ENI v1.0 XML Schemas shipped in `packages/eni/xsd`, with a real
 * XML Schema validator compiled to WebAssembly (no native build, no network).
 */
const XSD_DIR = new URL('../../xsd/', import.meta.url);
const ENTRY = { documento: 'DocumentoEni.xsd', expediente: 'ExpedienteEni.xsd' } as const;

type SchemaFile = { fileName: string; contents: string };
let schemas: Promise<SchemaFile[]> | undefined;

function loadSchemas(): Promise<SchemaFile[]> {
  schemas ??= readdir(XSD_DIR).then((names) =>
    Promise.all(
      names.filter((name) => name.endsWith('.xsd')).map(async (fileName) => ({ fileName, contents: await readFile(new URL(fileName, XSD_DIR), 'utf8') })),
    ),
  );
  return schemas;
}

/** The schema errors of `xml` as a documento or an expediente ENI (empty: valid). */
export async function validateEniXml(xml: string, root: 'documento' | 'expediente'): Promise<EniProblem[]> {
  const all = await loadSchemas();
  const result = await validateXML({
    xml: [{ fileName: `${root}.xml`, contents: xml }],
    schema: all.filter((file) => file.fileName === ENTRY[root]),
    preload: all.filter((file) => file.fileName !== ENTRY[root]),
  });
  if (result.valid) return [];
  return result.errors.map((error) => ({
    element: `${root}.xml${error.loc ? `:${error.loc.lineNumber}` : ''}`,
    message: error.message.trim(),
  }));
}
