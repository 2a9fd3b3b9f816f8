/**
 * What the renderer may tell the privileged side about how the terminal is used: one small
 * fact at a time, each validated on the privileged side with this schema. Facts name screens,
 * services, languages and content items only: never a person, a card, an account or typed
 * text, so nothing a page sends here can identify anyone.
 */
import { z } from 'zod';
import { ContentId } from '@civic-kiosk/protocol/content';
import { KIOSK_SERVICES } from '@civic-kiosk/protocol/kiosk-services';
import { SESSION_SCREENS } from './screens.ts';

export const USAGE_LANGS = ['zh-CN', 'en'] as const;

/** The longest an attract item plays (the content schema's `durationSeconds` maximum). */
export const MAX_ATTRACT_ITEM_SECONDS = 600;

export const UsageFact = z.discriminatedUnion('kind', [
  /** A touch (or a card) took the terminal from the attract loop into a session. */
  z.strictObject({ kind: z.literal('session-started') }),
  /** The session is over (finish, idle timeout, card taken out); the attract loop is back. */
  z.strictObject({ kind: z.literal('session-ended') }),
  z.strictObject({ kind: z.literal('screen'), screen: z.enum(SESSION_SCREENS) }),
  /** The person entered a service (its tile, or a card inserted on home). */
  z.strictObject({ kind: z.literal('service-started'), service: z.enum(KIOSK_SERVICES) }),
  /** The service gave the person what they came for (a bill paid, an answer shown, a guide read). */
  z.strictObject({ kind: z.literal('service-completed'), service: z.enum(KIOSK_SERVICES) }),
  z.strictObject({ kind: z.literal('language'), lang: z.enum(USAGE_LANGS) }),
  z.strictObject({ kind: z.literal('elderly'), on: z.boolean() }),
  /** An attract item left the screen after `seconds` on it. */
  z.strictObject({ kind: z.literal('attract-played'), item: ContentId, seconds: z.number().int().min(0).max(MAX_ATTRACT_ITEM_SECONDS) }),
]);
export type UsageFact = z.infer<typeof UsageFact>;
