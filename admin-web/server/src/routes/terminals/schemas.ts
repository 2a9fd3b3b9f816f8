import { z } from 'zod';
// The terminal view is staff-facing: the admin console is typed from the same schema.
export { EnrolmentTicket, TerminalView } from '@civic-kiosk/protocol/staff-api';

export const TerminalIdParams = z.object({ id: z.string().max(64) });
