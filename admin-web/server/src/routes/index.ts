import type { RouteModule } from '../services.ts';
import { auditRoutes } from './audit/index.ts';
import { staffRoutes } from './staff/index.ts';
import { systemRoutes } from './system/index.ts';

/** Every route module of the server, registered in this order. One line per module. */
export const routeModules: RouteModule[] = [systemRoutes, staffRoutes, auditRoutes];
