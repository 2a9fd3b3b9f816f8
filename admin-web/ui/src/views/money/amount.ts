/** Money as finance staff read it: integer fen shown as yuan, with the sign ¥ and thousands grouped. */
import { fenAsYuan } from '@civic-kiosk/protocol/staff-money';

export function yuanText(fen: number): string {
  const [whole, cents] = fenAsYuan(fen).split('.') as [string, string];
  const digits = whole.replace('-', '');
  return `${whole.startsWith('-') ? '-' : ''}¥${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}
