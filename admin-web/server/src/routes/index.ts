import type { RouteModule } from '../services.ts';
import { alertRoutes } from './alerts/index.ts';
import { auditRoutes } from './audit/index.ts';
import { broadcastRoutes } from './broadcasts/index.ts';
import { consoleRoutes } from './console/index.ts';
import { contentRoutes } from './content/index.ts';
import { fleetMapRoutes } from './fleet-map/index.ts';
import { holderRoutes } from './gateway/holder.ts';
import { kioskPreviewRoutes } from './kiosk-preview/index.ts';
import { gatewayRoutes } from './gateway/index.ts';
import { mailboxRoutes } from './gateway/mailbox.ts';
import { personalDataRoutes } from './personal-data/index.ts';
import { staffRoutes } from './staff/index.ts';
import { staffEventRoutes } from './staff-events/index.ts';
import { systemRoutes } from './system/index.ts';
import { terminalApiRoutes } from './terminal-api/index.ts';
import { terminalRoutes } from './terminals/index.ts';
import { transactionRoutes } from './transactions/index.ts';
import { usageRoutes } from './usage/index.ts';

/** Every route module of the server, registered in this order. One line per module. */
export const routeModules: RouteModule[] = [
  systemRoutes,
  staffRoutes,
  staffEventRoutes,
  auditRoutes,
  terminalApiRoutes,
  terminalRoutes,
  fleetMapRoutes,
  alertRoutes,
  broadcastRoutes,
  contentRoutes,
  kioskPreviewRoutes,
  gatewayRoutes,
  holderRoutes,
  mailboxRoutes,
  personalDataRoutes,
  transactionRoutes,
  usageRoutes,
  consoleRoutes,
];
