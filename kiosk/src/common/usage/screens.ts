/**
 * Screens and services as usage statistics name them, and when a service counts as completed.
 * Free of zod: the renderer's recorder reads these tables; the privileged side validates.
 */
import type { KioskService } from '@civic-kiosk/protocol/kiosk-services';

/** Every screen of a session, by route name (`screens/registry.ts` has exactly these). */
export const SESSION_SCREENS = ['home', 'bills', 'social-security', 'residence-permit', 'mailbox', 'guides', 'guide', 'disclosure', 'disclosure-entry', 'hotlines', 'notices', 'notice', 'page', 'map'] as const;
export type SessionScreen = (typeof SESSION_SCREENS)[number];

export const isSessionScreen = (name: string): name is SessionScreen => (SESSION_SCREENS as readonly string[]).includes(name);

/** The service (home tile) each screen belongs to; home belongs to none. */
export const SCREEN_SERVICE: Readonly<Record<SessionScreen, KioskService | null>> = {
  home: null,
  bills: 'bills',
  'social-security': 'social-security',
  'residence-permit': 'residence-permit',
  mailbox: 'mailbox',
  guides: 'guides',
  guide: 'guides',
  disclosure: 'disclosure',
  'disclosure-entry': 'disclosure',
  hotlines: 'hotlines',
  notices: 'notices',
  notice: 'notices',
  page: 'notices',
  map: 'map',
};

/** Screens that are themselves what the person came for: a guide, an entry, a notice, the numbers, the map. */
const DONE_SCREENS: ReadonlySet<SessionScreen> = new Set(['guide', 'disclosure-entry', 'notice', 'page', 'hotlines', 'map']);

/**
 * Steps of the multi-step screens (their `speech.*` guidance key) that give the person what they
 * came for: a bill paid, a card answer or statement, a permit answer, the mailbox opened.
 */
export const DONE_STEPS: ReadonlySet<string> = new Set([
  'billsStep.done',
  'billsStep.receipt-unavailable',
  'socialSecurity.contributions',
  'socialSecurity.medical',
  'socialSecurity.card',
  'socialSecurity.statement',
  'socialSecurity.statementNotPrinted',
  'socialSecurity.lost-done',
  'residencePermit.residence-permit',
  'residencePermit.resident-id',
  'residencePermit.foreign-permanent-residence',
  'residencePermit.endorse-result',
  'mailboxStep.inbox',
  'mailboxStep.empty',
  'mailboxStep.message',
]);

/** Whether the screen, at the step it shows (`guidance`), completes its service. */
export function completesService(screen: SessionScreen, guidance: string | null): boolean {
  return DONE_SCREENS.has(screen) || (guidance !== null && DONE_STEPS.has(guidance));
}
