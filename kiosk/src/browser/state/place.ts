/**
 * The terminal's public names and its services, from kiosk-config.json through the bridge's
 * terminal info: the one source for the status bar, the attract screen and receipts. Residents
 * never see the technical terminal name or id in place of the location.
 */
import type { TerminalInfo } from '../../common/bridge.ts';
import { KIOSK_SERVICES } from '@civic-kiosk/protocol/kiosk-services';
import type { KioskService } from '@civic-kiosk/protocol/kiosk-services';
import type { Lang } from '../i18n/index.ts';

/** Where this terminal stands (e.g. 浦江区行政服务中心一楼大厅), or null when not configured. */
export function locationName(info: TerminalInfo | null, lang: Lang): string | null {
  return info?.district?.locationName[lang] ?? null;
}

/** The district the terminal serves (e.g. 浦江区), or null when not configured. */
export function districtName(info: TerminalInfo | null, lang: Lang): string | null {
  return info?.district?.name[lang] ?? null;
}

/** The terminal as a receipt names it: its location, and the id staff look it up by. */
export function receiptTerminal(info: TerminalInfo | null, lang: Lang): string {
  const place = locationName(info, lang);
  const id = info?.terminalId;
  return place && id ? `${place} (${id})` : (place ?? id ?? '-');
}

/** The services switched on at this terminal (all when the host does not say). */
export function servicesOn(info: TerminalInfo | null): readonly KioskService[] {
  return info?.services ?? KIOSK_SERVICES;
}
