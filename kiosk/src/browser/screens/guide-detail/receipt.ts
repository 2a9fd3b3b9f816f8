/** A guide's list of materials on paper: what to bring, where and when, and the QR to read the guide on a phone. */
import type { ServiceGuide, ServicePoint } from '@civic-kiosk/protocol/content';
import type { ReceiptJob } from '../../../common/bridge.ts';

export interface MaterialsText {
  heading: string;
  department: string;
  documents: string;
  /** `(original)` / `(copy)` / `× n` as the screen says them. */
  kind(original: boolean, copies: number | undefined): string;
  where: string;
  hours: string;
  /** Under the QR code. */
  scan: string;
  printedAt: string;
}

export function materialsReceipt(g: ServiceGuide, points: readonly ServicePoint[], lang: 'zh-CN' | 'en', text: MaterialsText, url: string | undefined, printedAt: string): ReceiptJob {
  const lines: ReceiptJob['lines'] = [
    { text: text.heading, align: 'center', bold: true, size: 2 },
    { rule: true },
    { text: g.matter[lang], bold: true },
    { key: text.department, value: g.department[lang] },
    { rule: true },
    { text: text.documents, bold: true },
    ...g.requiredDocuments.flatMap((d, i) => [{ text: `${i + 1}. ${d.name[lang]} ${text.kind(d.original, d.copies)}` }, ...(d.note ? [{ text: `   ${d.note[lang]}` }] : [])]),
    { rule: true },
    { text: text.where, bold: true },
    ...points.flatMap((p) => [{ text: p.name[lang] }, { text: `   ${p.address[lang]}` }]),
    { key: text.hours, value: g.hours[lang].slice(0, 256) },
    ...(url ? [{ rule: true as const }, { qr: url }, { text: text.scan, align: 'center' as const }] : []),
    { rule: true },
    { key: text.printedAt, value: printedAt },
    { feed: 3 },
  ];
  return { width: 32, lines, cut: true };
}
