import { contentRoutes } from '../content/routes.ts';
import { gatewayRoutes } from '../gateway/routes.ts';
import { transactionRoutes } from '../transactions/routes.ts';
import type { RouteModule } from '../services.ts';
import { alertRoutes } from './alerts/index.ts';
import { auditRoutes } from './audit/index.ts';
import { broadcastRoutes } from './broadcasts/index.ts';
import { staffRoutes } from './staff/index.ts';
import { systemRoutes } from './system/index.ts';
import { terminalApiRoutes } from './terminal-api/index.ts';
import { terminalRoutes } from './terminals/index.ts';

/** Every route module of the server, registered in this order. One line per module. */
export const routeModules: RouteModule[] = [
  systemRoutes,
  staffRoutes,
  auditRoutes,
  terminalApiRoutes,
  terminalRoutes,
  alertRoutes,
  broadcastRoutes,
  contentRoutes,
  gatewayRoutes,
  transactionRoutes,
];
