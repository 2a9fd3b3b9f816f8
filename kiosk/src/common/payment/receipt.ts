/** The paper receipt of a paid bill, as a ReceiptJob for the printer. */
import type { ReceiptJob, ReceiptLine } from '@civic-kiosk/device-drivers/common/receipt-job';
import { shanghaiTime } from '@civic-kiosk/protocol/china-time';
import { formatYuan, type PaymentRecord } from './types.ts';

/** Printed words, from the UI's translations (receipts are printed in the screen's language). */
export interface ReceiptLabels {
  title: string;
  biller: string;
  billerName: string;
  account: string;
  period: string;
  amount: string;
  time: string;
  terminal: string;
  reference: string;
  billerReference: string;
  footer: string;
  /** Set on a copy printed again later. */
  reprint?: string;
}

export function paymentReceipt(record: PaymentRecord, terminal: string, printedAt: number, labels: ReceiptLabels): ReceiptJob {
  const reference = record.reference ?? record.key;
  const lines: ReceiptLine[] = [
    { text: labels.title, align: 'center', bold: true, size: 2 },
    ...(labels.reprint ? [{ text: labels.reprint, align: 'center' as const }] : []),
    { rule: true },
    { key: labels.biller, value: labels.billerName },
    { key: labels.account, value: record.accountMasked },
    { key: labels.period, value: record.period },
    { key: labels.amount, value: `¥${formatYuan(record.amountFen)}` },
    { key: labels.time, value: shanghaiTime(printedAt) },
    { key: labels.terminal, value: terminal },
    { key: labels.reference, value: reference },
    ...(record.receiptNo ? [{ key: labels.billerReference, value: record.receiptNo }] : []),
    { rule: true },
    { qr: reference },
    { text: labels.footer, align: 'center' },
  ];
  return { width: 32, lines, cut: true };
}
