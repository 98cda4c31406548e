/** Which expediente an interesado or a relation hangs from: an expediente is (organism, code) (ADR 0013). */
export interface FileKey {
  organism: string;
  code: string;
}
