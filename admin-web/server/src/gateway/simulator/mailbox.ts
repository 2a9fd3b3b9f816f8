import type { MailMessage, MailSummary } from '@civic-kiosk/protocol/gateway';
import { BackOfficeError, type MailboxAdapter } from '../adapters.ts';
import { FaultSwitch, shanghaiDay } from './faults.ts';
import { simUnpaid } from './billers.ts';
import { SIM_ACCOUNTS, SIM_PEOPLE } from './people.ts';

const BILLER_NAMES = { water: '浦江自来水公司', power: '市电力公司浦江供电中心', gas: '浦江燃气公司', telecom: '城市通信浦江营业部' } as const;

/** Simulated citizen mailbox with bill reminders, notices and personal notifications. */
export class SimulatedMailbox implements MailboxAdapter {
  readonly faults = new FaultSwitch('citizen mailbox');
  private readonly boxes = new Map<string, MailMessage[]>();

  constructor(now: () => number) {
    const daysAgo = (d: number) => new Date(now() - d * 86_400_000).toISOString();
    const [y, m, d] = shanghaiDay(now() + 13 * 86_400_000).split('-');
    for (const p of SIM_PEOPLE) {
      const bills = SIM_ACCOUNTS.filter((a) => a.holder === p.name && Object.keys(a.unpaid).length > 0).map(
        (a, i): MailMessage => ({
          messageId: `${p.citizenId.slice(-4)}-b${i}`,
          kind: 'bill-reminder',
          title: `${BILLER_NAMES[a.biller]}账单提醒`,
          sender: BILLER_NAMES[a.biller],
          receivedAt: daysAgo(8),
          read: false,
          body: `您的账户 ${a.account} 有待缴账单：${Object.entries(simUnpaid(a, now()))
            .map(([period, fen]) => `${period} ${(fen / 100).toFixed(2)} 元`)
            .join('，')}。可在本机“缴费”中扫描账单条码或输入户号缴纳。`,
        }),
      );
      this.boxes.set(p.citizenId, [
        ...bills,
        {
          messageId: `${p.citizenId.slice(-4)}-n1`,
          kind: 'notice',
          title: '2026年度城乡居民医保缴费开始',
          sender: '浦江区医疗保障局',
          receivedAt: daysAgo(25),
          read: true,
          body: '2026年度城乡居民基本医疗保险集中缴费期为2025年11月1日至12月31日，请参保人员按时缴费。',
        },
        {
          messageId: `${p.citizenId.slice(-4)}-p1`,
          kind: 'personal',
          title: p.hasResidencePermit ? '居住证签注提醒' : '社会保障卡信息核对提醒',
          sender: p.hasResidencePermit ? '浦江公安分局' : '浦江区社会保险事业管理中心',
          receivedAt: daysAgo(6),
          read: false,
          body: p.hasResidencePermit
            ? `您的居住证签注将于${y}年${Number(m)}月${Number(d)}日到期，请在到期前办理签注，可在本机办理。`
            : '请核对您的社会保障卡个人信息，如有变动请到社区事务受理服务中心更新。',
        },
      ]);
    }
  }

  async list(citizenId: string): Promise<MailSummary[]> {
    this.faults.beforeRead();
    return this.box(citizenId)
      .map(({ body: _body, ...summary }) => summary)
      .sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : -1));
  }

  async read(citizenId: string, messageId: string): Promise<MailMessage> {
    this.faults.beforeRead();
    const m = this.box(citizenId).find((x) => x.messageId === messageId);
    if (!m) throw new BackOfficeError('not-found', 'no such message');
    return { ...m };
  }

  async markRead(citizenId: string, messageIds: string[]): Promise<void> {
    this.faults.beforeWrite();
    for (const m of this.box(citizenId)) if (messageIds.includes(m.messageId)) m.read = true;
  }

  private box(citizenId: string): MailMessage[] {
    const b = this.boxes.get(citizenId);
    if (!b) throw new BackOfficeError('not-found', 'no mailbox for this person');
    return b;
  }
}
