/**
 * The resident services a terminal can offer, one per home tile. `services` in kiosk-config.json
 * switches each on or off at a terminal (a terminal without a card reader offers no card
 * services); the home tiles and the attract poster show only those switched on. The usage
 * records count them and the console's usage reports filter by them.
 */
export const KIOSK_SERVICES = ['bills', 'social-security', 'residence-permit', 'mailbox', 'guides', 'disclosure', 'hotlines', 'notices', 'map'] as const;
export type KioskService = (typeof KIOSK_SERVICES)[number];
