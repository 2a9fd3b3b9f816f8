import { randomUUID } from 'node:crypto';
import type { MailMessage } from '@civic-kiosk/protocol/gateway';
import { shanghaiDay } from '@civic-kiosk/protocol/china-time';
import { BackOfficeError, type MailboxAdapter, type MailDraft } from '../adapters.ts';
import { FaultSwitch } from './faults.ts';
import { simUnpaid } from './billers.ts';
import { SIM_ACCOUNTS, simPerson, type SimPerson } from './people.ts';

const BILLER_NAMES = { water: '浦江自来水公司', power: '市电力公司浦江供电中心', gas: '浦江燃气公司', telecom: '城市通信浦江营业部' } as const;

interface Box {
  messages: MailMessage[];
  /** Mark-read keys already applied, with the count they answered. */
  marks: Map<string, number>;
}

/**
 * Simulated citizen mailbox with bill reminders, notices and personal notifications. Message ids
 * are random, as a real back office's are opaque: a terminal's queued read marks name no person.
 */
export class SimulatedMailbox implements MailboxAdapter {
  readonly faults = new FaultSwitch('citizen mailbox');
  private readonly boxes = new Map<string, Box>();

  constructor(private readonly now: () => number) {}

  async list(citizenId: string): Promise<MailMessage[]> {
    this.faults.beforeRead();
    return this.box(citizenId)
      .messages.map((m) => structuredClone(m))
      .sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : a.messageId < b.messageId ? 1 : -1));
  }

  async read(citizenId: string, messageId: string): Promise<MailMessage> {
    this.faults.beforeRead();
    const m = this.box(citizenId).messages.find((x) => x.messageId === messageId);
    if (!m) throw new BackOfficeError('not-found', 'no such message');
    return structuredClone(m);
  }

  async markRead(citizenId: string, messageIds: string[], idempotencyKey: string): Promise<{ marked: number }> {
    const box = this.box(citizenId);
    const done = box.marks.get(idempotencyKey);
    if (done !== undefined) return { marked: done };
    this.faults.beforeWrite();
    let marked = 0;
    for (const m of box.messages) {
      if (messageIds.includes(m.messageId) && !m.read) {
        m.read = true;
        marked++;
      }
    }
    box.marks.set(idempotencyKey, marked);
    this.faults.afterWrite();
    return { marked };
  }

  async deliver(citizenId: string, draft: MailDraft): Promise<MailMessage> {
    this.faults.beforeWrite();
    const message: MailMessage = { ...structuredClone(draft), messageId: `m-${randomUUID()}`, receivedAt: new Date(this.now()).toISOString(), read: false };
    if (message.link === undefined) delete message.link;
    this.box(citizenId).messages.push(message);
    this.faults.afterWrite();
    return structuredClone(message);
  }

  /** The person's mailbox, filled on first use (seeded or derived person alike). */
  private box(citizenId: string): Box {
    let b = this.boxes.get(citizenId);
    if (!b) {
      b = { messages: initialMailbox(simPerson(citizenId), this.now), marks: new Map() };
      this.boxes.set(citizenId, b);
    }
    return b;
  }
}

function initialMailbox(p: SimPerson, now: () => number): MailMessage[] {
  const daysAgo = (d: number) => new Date(now() - d * 86_400_000).toISOString();
  const [y, m, d] = shanghaiDay(now() + 13 * 86_400_000).split('-');
  const bills = SIM_ACCOUNTS.filter((a) => a.holder === p.name && Object.keys(a.unpaid).length > 0).map(
    (a): MailMessage => ({
      messageId: `m-${randomUUID()}`,
      kind: 'bill-reminder',
      title: `${BILLER_NAMES[a.biller]}账单提醒`,
      sender: BILLER_NAMES[a.biller],
      receivedAt: daysAgo(8),
      read: false,
      link: { service: 'bills', biller: a.biller, account: a.account },
      body: `您的账户 ${a.account} 有待缴账单：${Object.entries(simUnpaid(a, now()))
        .map(([period, fen]) => `${period} ${(fen / 100).toFixed(2)} 元`)
        .join('，')}。可在本机“缴费”中扫描账单条码或输入户号缴纳。`,
    }),
  );
  return [
    ...bills,
    {
      messageId: `m-${randomUUID()}`,
      kind: 'notice',
      title: '2026年度城乡居民医保缴费开始',
      sender: '浦江区医疗保障局',
      receivedAt: daysAgo(25),
      read: true,
      body: '2026年度城乡居民基本医疗保险集中缴费期为2025年11月1日至12月31日，请参保人员按时缴费。',
    },
    {
      messageId: `m-${randomUUID()}`,
      kind: 'personal',
      title: p.hasResidencePermit ? '居住证签注提醒' : '社会保障卡信息核对提醒',
      sender: p.hasResidencePermit ? '浦江公安分局' : '浦江区社会保险事业管理中心',
      receivedAt: daysAgo(6),
      read: false,
      link: { service: p.hasResidencePermit ? 'residence-permit' : 'social-security' },
      body: p.hasResidencePermit
        ? `您的居住证签注将于${y}年${Number(m)}月${Number(d)}日到期，请在到期前办理签注，可在本机办理。`
        : '请核对您的社会保障卡个人信息，如有变动请到社区事务受理服务中心更新。',
    },
  ];
}
