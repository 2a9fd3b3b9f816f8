/**
 * The paper contribution statement, as a ReceiptJob: the masked holder, the period, the totals
 * per insurance type, and the verification code with a QR code of the public verify URL, which
 * is what makes the paper worth anything. The privileged side prints it from the server's
 * statement, so the page cannot put other figures next to a valid code; its words are fixed
 * here in both languages, like the rest of the paper the terminal prints.
 */
import type { ReceiptJob, ReceiptLine } from '@civic-kiosk/device-drivers/common/receipt-job';
import type { ContributionStatement, InsuranceType } from '@civic-kiosk/protocol/gateway';
import { shanghaiTime } from '@civic-kiosk/protocol/china-time';
import { formatYuan } from '../payment/types.ts';

export type StatementLanguage = 'zh-CN' | 'en';

interface StatementWords {
  title: string;
  name: string;
  id: string;
  period: string;
  months: (n: number) => string;
  personal: string;
  employer: string;
  issued: string;
  code: string;
  verify: string;
  insurance: Record<InsuranceType, string>;
}

const WORDS: Record<StatementLanguage, StatementWords> = {
  'zh-CN': {
    title: '社会保险参保缴费证明',
    name: '姓名',
    id: '证件号码',
    period: '缴费期间',
    months: (n) => `${n}个月`,
    personal: '个人',
    employer: '单位',
    issued: '开具时间',
    code: '验证码',
    verify: '扫描二维码或访问以下网址核验本证明',
    insurance: { pension: '养老保险', medical: '医疗保险', unemployment: '失业保险', 'work-injury': '工伤保险', maternity: '生育保险' },
  },
  en: {
    title: 'Social insurance contribution statement',
    name: 'Name',
    id: 'ID number',
    period: 'Period',
    months: (n) => `${n} month${n === 1 ? '' : 's'}`,
    personal: 'personal',
    employer: 'employer',
    issued: 'Issued',
    code: 'Verification code',
    verify: 'Scan the QR code or visit this address to verify this statement',
    insurance: { pension: 'Pension', medical: 'Medical', unemployment: 'Unemployment', 'work-injury': 'Work injury', maternity: 'Maternity' },
  },
};

export function statementReceipt(statement: ContributionStatement, lang: StatementLanguage): ReceiptJob {
  const w = WORDS[lang];
  const lines: ReceiptLine[] = [
    { text: w.title, align: 'center', bold: true, size: 2 },
    { rule: true },
    { key: w.name, value: statement.holderNameMasked },
    { key: w.id, value: statement.holderIdMasked },
    { key: w.period, value: `${statement.from} – ${statement.to}` },
    { rule: true },
    ...statement.totals.flatMap((t): ReceiptLine[] => [
      { key: w.insurance[t.insuranceType], value: w.months(t.months) },
      { key: `  ${w.personal} / ${w.employer}`, value: `¥${formatYuan(t.personalFen)} / ¥${formatYuan(t.employerFen)}` },
    ]),
    { rule: true },
    { key: w.issued, value: shanghaiTime(Date.parse(statement.issuedAt)) },
    { key: w.code, value: statement.code },
    { qr: statement.verifyUrl },
    { text: w.verify, align: 'center' },
    { text: statement.verifyUrl, align: 'center' },
  ];
  return { width: 32, lines, cut: true };
}
