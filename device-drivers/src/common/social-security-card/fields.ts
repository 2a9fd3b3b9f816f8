/**
 * The SSSE application's files and fields (protocols.md section 3), in one table used by the
 * reader and the simulator alike. Read by READ RECORD with the tag as record number.
 */

export type SsseFile = 'EF05' | 'EF06';
export type FieldEncoding = 'ascii' | 'binary' | 'bcd-date' | 'bcd' | 'gbk';

export interface SsseField {
  readonly file: SsseFile;
  readonly tag: number;
  readonly length: number;
  readonly encoding: FieldEncoding;
  /** Absent on some cards: the reader tolerates "record not found". */
  readonly optional?: boolean;
}

export const SSSE_FIELDS = {
  cardIdentificationCode: { file: 'EF05', tag: 0x01, length: 16, encoding: 'ascii' },
  cardType: { file: 'EF05', tag: 0x02, length: 1, encoding: 'binary' },
  version: { file: 'EF05', tag: 0x03, length: 4, encoding: 'ascii' },
  issuer: { file: 'EF05', tag: 0x04, length: 12, encoding: 'ascii' },
  issueDate: { file: 'EF05', tag: 0x05, length: 4, encoding: 'bcd-date' },
  expiryDate: { file: 'EF05', tag: 0x06, length: 4, encoding: 'bcd-date' },
  cardNumber: { file: 'EF05', tag: 0x07, length: 9, encoding: 'ascii' },
  citizenId: { file: 'EF06', tag: 0x08, length: 18, encoding: 'ascii' },
  name: { file: 'EF06', tag: 0x09, length: 30, encoding: 'gbk' },
  nameExtension: { file: 'EF06', tag: 0x4e, length: 20, encoding: 'gbk', optional: true },
  sex: { file: 'EF06', tag: 0x0a, length: 1, encoding: 'ascii' },
  ethnicity: { file: 'EF06', tag: 0x0b, length: 1, encoding: 'bcd' },
  birthplace: { file: 'EF06', tag: 0x0c, length: 3, encoding: 'bcd' },
  birthDate: { file: 'EF06', tag: 0x0d, length: 4, encoding: 'bcd-date' },
} as const satisfies Record<string, SsseField>;

export type SsseFieldName = keyof typeof SSSE_FIELDS;

/** SELECT by name: ASCII `sx1.sh.` followed by 社会保障 in GBK. */
export const SSSE_AID = Uint8Array.from([0x73, 0x78, 0x31, 0x2e, 0x73, 0x68, 0x2e, 0xc9, 0xe7, 0xbb, 0xe1, 0xb1, 0xa3, 0xd5, 0xcf]);
export const SSSE_FILE_ID: Record<SsseFile, Uint8Array> = { EF05: Uint8Array.from([0xef, 0x05]), EF06: Uint8Array.from([0xef, 0x06]) };
/** FCI tag of the card's algorithm identifier. */
export const FCI_ALGORITHM_TAG = 0x9f0c;
