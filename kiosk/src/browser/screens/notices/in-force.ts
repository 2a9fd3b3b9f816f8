/** Which notices show today, in display order. */
import type { Notice } from '@civic-kiosk/protocol/content';

const RANK = { urgent: 0, important: 1, normal: 2 } as const;

function isoDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function noticesInForce(notices: readonly Notice[], nowMs: number): Notice[] {
  const today = isoDay(nowMs);
  return notices
    .filter((n) => n.date <= today && (!n.until || today <= n.until))
    .sort((a, b) => RANK[a.priority] - RANK[b.priority] || b.date.localeCompare(a.date));
}
