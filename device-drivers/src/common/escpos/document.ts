/**
 * The receipt document: a ReceiptJob laid out for one printer profile. Every text line is
 * already wrapped to the paper, so the encoder and the tests see exactly what will print.
 */
import type { ReceiptJob } from '../receipt-job.ts';
import type { Align } from './commands.ts';
import { profileForColumns, type PrinterProfile } from './profile.ts';
import { layoutKeyValue, wrapText } from './width.ts';

export type TextSize = 1 | 2 | 3;

export type ReceiptBlock =
  | { kind: 'text'; text: string; align: Align; bold: boolean; size: TextSize }
  | { kind: 'qr'; data: string }
  | { kind: 'feed'; lines: number }
  | { kind: 'cut' };

export interface ReceiptDocument {
  readonly profile: PrinterProfile;
  readonly blocks: readonly ReceiptBlock[];
}

/**
 * Control characters in user text would be read by the printer as commands: make them spaces.
 * The yen/yuan sign U+00A5 is a 4-byte GB18030 sequence that printer fonts leave blank, so it
 * becomes the fullwidth ￥ (A3 A4) that every Chinese printer font has.
 */
export function sanitizeText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').replaceAll('\u00a5', '\uffe5');
}

const plain = (text: string): ReceiptBlock => ({ kind: 'text', text, align: 'left', bold: false, size: 1 });

export function buildReceiptDocument(job: ReceiptJob, profile: PrinterProfile = profileForColumns(job.width)): ReceiptDocument {
  const columns = profile.columns;
  const blocks: ReceiptBlock[] = [];
  for (const line of job.lines) {
    if ('qr' in line) {
      blocks.push({ kind: 'qr', data: line.qr });
    } else if ('feed' in line) {
      blocks.push({ kind: 'feed', lines: line.feed });
    } else if ('rule' in line) {
      blocks.push(plain('-'.repeat(columns)));
    } else if ('key' in line) {
      for (const l of layoutKeyValue(sanitizeText(line.key), sanitizeText(line.value), columns)) blocks.push(plain(l));
    } else {
      const size = line.size ?? 1;
      const align = line.align ?? 'left';
      const bold = line.bold ?? false;
      for (const l of wrapText(sanitizeText(line.text), Math.floor(columns / size))) blocks.push({ kind: 'text', text: l, align, bold, size });
    }
  }
  if (job.cut) {
    blocks.push({ kind: 'feed', lines: profile.feedBeforeCut });
    blocks.push({ kind: 'cut' });
  }
  return { profile, blocks };
}
