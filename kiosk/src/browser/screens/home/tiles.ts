/** The service tiles on the home screen, in order. Each opens a route of screens/registry.ts. */
import { BookOpen, CreditCard, FileText, IdCard, Mail, MapPin, Megaphone, Phone, Receipt } from 'lucide-preact';
import type { LucideIcon } from 'lucide-preact';
import type { TerminalInfo } from '../../../common/bridge.ts';
import type { KioskService } from '@civic-kiosk/protocol/kiosk-services';
import { servicesOn } from '../../state/place.ts';

export interface Tile {
  route: KioskService;
  /** Decorative (components/icon); the label is the accessible name. Also the icon of the service's screens. */
  icon: LucideIcon;
  /** Services that need the district server say so when the terminal is offline. */
  needsNetwork: boolean;
}

export const TILES: readonly Tile[] = [
  { route: 'bills', icon: Receipt, needsNetwork: true },
  { route: 'social-security', icon: CreditCard, needsNetwork: true },
  { route: 'residence-permit', icon: IdCard, needsNetwork: true },
  { route: 'mailbox', icon: Mail, needsNetwork: true },
  { route: 'guides', icon: BookOpen, needsNetwork: false },
  { route: 'disclosure', icon: FileText, needsNetwork: false },
  { route: 'hotlines', icon: Phone, needsNetwork: false },
  { route: 'notices', icon: Megaphone, needsNetwork: false },
  { route: 'map', icon: MapPin, needsNetwork: false },
];

/** The tiles of the services switched on at this terminal, in order. */
export function tilesOn(info: TerminalInfo | null): readonly Tile[] {
  const on = servicesOn(info);
  return TILES.filter((tile) => on.includes(tile.route));
}
