/** A message on paper: the receipt job the printer gets, in the language on screen. */
import type { MailMessage } from '@civic-kiosk/protocol/gateway';
import type { ReceiptJob } from '../../../common/bridge.ts';

type ReceiptLines = ReceiptJob['lines'];

/** The job schema's limits: 512 characters a text line, 400 lines a job (the rest is cut, and says so). */
const LINE_CHARS = 512;
const MAX_BODY_LINES = 360;

/**
 * A body's paragraphs. Split on a plain string, not a RegExp: a RegExp keeps its last subject
 * (RegExp.input) reachable after the wipe, and that would be the whole message.
 */
export function paragraphs(body: string): string[] {
  return body.split('\n').map((p) => (p.endsWith('\r') ? p.slice(0, -1) : p));
}

function bodyLines(body: string): string[] {
  const out: string[] = [];
  for (const paragraph of paragraphs(body)) {
    if (paragraph === '') out.push(' ');
    for (let i = 0; i < paragraph.length; i += LINE_CHARS) out.push(paragraph.slice(i, i + LINE_CHARS));
  }
  return out;
}

export interface ReceiptText {
  heading: string;
  sender: string;
  received: string;
  /** Said at the end when the body did not fit on one receipt. */
  truncated: string;
  printedAt: string;
}

export function messageReceipt(m: MailMessage, text: ReceiptText, receivedAt: string, printedAt: string): ReceiptJob {
  const body = bodyLines(m.body);
  const lines: ReceiptLines = [
    { text: text.heading, align: 'center', bold: true, size: 2 },
    { rule: true },
    { text: m.title, bold: true },
    { key: text.sender, value: m.sender },
    { key: text.received, value: receivedAt },
    { rule: true },
    ...body.slice(0, MAX_BODY_LINES).map((t) => ({ text: t })),
    ...(body.length > MAX_BODY_LINES ? [{ text: text.truncated, bold: true }] : []),
    { rule: true },
    { key: text.printedAt, value: printedAt },
    { feed: 3 },
  ];
  return { width: 32, lines, cut: true };
}
