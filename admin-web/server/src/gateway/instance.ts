import type { AppServices } from '../services.ts';
import { createGateway, gatewayConfigFromEnv, type Gateway } from './back-offices.ts';

const gateways = new WeakMap<AppServices, Gateway>();

/** The app's one gateway (back offices from the environment), shared by gateway and transaction routes. */
export function gatewayOf(s: AppServices): Gateway {
  let g = gateways.get(s);
  if (!g) {
    g = createGateway(gatewayConfigFromEnv(), s.now);
    gateways.set(s, g);
  }
  return g;
}
