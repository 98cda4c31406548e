import * as xmldom from '@xmldom/xmldom';
import * as x509 from '@peculiar/x509';
import * as xadesjs from 'xadesjs';
import xpath from 'xpath';

let ready = false;

/** The XML and crypto engines the signature libraries need on Node (the platform's WebCrypto). */
export function signatureEngine(): typeof xadesjs {
  if (!ready) {
    xadesjs.setNodeDependencies({ XMLSerializer: xmldom.XMLSerializer, DOMParser: xmldom.DOMParser, DOMImplementation: xmldom.DOMImplementation, xpath });
    xadesjs.Application.setEngine('NodeJS', globalThis.crypto);
    x509.cryptoProvider.set(globalThis.crypto);
    ready = true;
  }
  return xadesjs;
}
