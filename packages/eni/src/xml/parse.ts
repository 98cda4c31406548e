import { DOMParser, XMLSerializer, type Document, type Element } from '@xmldom/xmldom';
import type { EniProblem } from '../model.ts';

/** A refusal while reading ENI XML, naming the element. */
export class EniReadError extends Error {
  readonly problem: EniProblem;

  constructor(problem: EniProblem) {
    super(`${problem.element}: ${problem.message}`);
    this.problem = problem;
  }
}

/**
 * Parses XML that came from outside: no DOCTYPE (so no entity can expand or reach a file), well
 * formed or refused with the parser's reason.
 */
export function parseXml(xml: string, what: string): Document {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new EniReadError({ element: what, message: 'An ENI XML never carries a DOCTYPE or entity declarations.' });
  try {
    return new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message);
      },
    }).parseFromString(xml, 'text/xml');
  } catch (error) {
    throw new EniReadError({ element: what, message: `Not well-formed XML: ${(error as Error).message.split('\n')[0]}` });
  }
}

/** Element children of `parent` (skipping text and comments). */
export function childElements(parent: Element): Element[] {
  const out: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) if (node.nodeType === 1) out.push(node as Element);
  return out;
}

/** The one child `local` in namespace `ns`, or a refusal naming `path`. */
export function child(parent: Element, ns: string, local: string, path: string): Element {
  const found = childElements(parent).find((e) => e.namespaceURI === ns && e.localName === local);
  if (!found) throw new EniReadError({ element: path, message: `Missing ${local}.` });
  return found;
}

export const optionalChild = (parent: Element, ns: string, local: string): Element | undefined =>
  childElements(parent).find((e) => e.namespaceURI === ns && e.localName === local);

export const children = (parent: Element, ns: string, local: string): Element[] =>
  childElements(parent).filter((e) => e.namespaceURI === ns && e.localName === local);

export const text = (element: Element): string => (element.textContent ?? '').trim();

export const serialize = (element: Element): string => new XMLSerializer().serializeToString(element);
