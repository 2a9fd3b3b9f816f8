import { describe, expect, it } from 'vitest';
import { ReceiptJob } from '@civic-kiosk/device-drivers/common/receipt-job';
import { paymentReceipt, type ReceiptLabels } from '../../src/common/payment/receipt.ts';
import { RECORD } from './fixtures.ts';

const LABELS: ReceiptLabels = {
  title: '缴费凭证',
  biller: '收费单位',
  billerName: '自来水',
  account: '户号',
  period: '账期',
  amount: '金额',
  time: '时间',
  terminal: '终端',
  reference: '交易号',
  billerReference: '收费单位流水号',
  footer: '请妥善保管',
};

describe('payment receipt', () => {
  it('prints biller, masked account, amount in yuan, Shanghai time, terminal, reference and a QR of the reference', () => {
    const job = paymentReceipt({ ...RECORD, status: 'paid', receiptNo: 'WA1' }, 'KIOSK-XH-001', Date.parse('2026-11-26T03:04:00Z'), LABELS);
    expect(ReceiptJob.parse(job)).toEqual(job);
    expect(job.lines).toContainEqual({ key: '户号', value: '******1234' });
    expect(job.lines).toContainEqual({ key: '金额', value: '¥123.45' });
    expect(job.lines).toContainEqual({ key: '时间', value: '2026-11-26 11:04' });
    expect(job.lines).toContainEqual({ key: '终端', value: 'KIOSK-XH-001' });
    expect(job.lines).toContainEqual({ key: '交易号', value: 'P-20261126-0001' });
    expect(job.lines).toContainEqual({ key: '收费单位流水号', value: 'WA1' });
    expect(job.lines).toContainEqual({ qr: 'P-20261126-0001' });
    expect(JSON.stringify(job)).not.toContain('3101041234');
  });

  it('marks a later copy as a reprint', () => {
    const job = paymentReceipt(RECORD, 'K', 0, { ...LABELS, reprint: '补打' });
    expect(job.lines[1]).toEqual({ text: '补打', align: 'center' });
  });
});
