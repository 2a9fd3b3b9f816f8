import { z } from 'zod';

/**
 * A receipt as JSON: what `kiosk-devices print --receipt FILE` reads and what the kiosk UI
 * hands to the printer through the bridge. The ESC/POS encoder turns it into bytes.
 */
export const ReceiptLine = z.union([
  z.object({
    text: z.string().max(512),
    align: z.enum(['left', 'center', 'right']).optional(),
    bold: z.boolean().optional(),
    size: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
  }),
  z.object({ qr: z.string().min(1).max(512) }),
  z.object({ rule: z.literal(true) }),
  z.object({ key: z.string().max(128), value: z.string().max(256) }),
  /** Blank paper, in lines. */
  z.object({ feed: z.number().int().min(1).max(20) }),
]);
export type ReceiptLine = z.infer<typeof ReceiptLine>;

export const ReceiptJob = z.object({
  width: z.union([z.literal(32), z.literal(48)]),
  lines: z.array(ReceiptLine).max(400),
  cut: z.boolean().default(true),
});
export type ReceiptJob = z.infer<typeof ReceiptJob>;
