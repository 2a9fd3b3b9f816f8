import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The policy of every answer, for the staff admin app that will be served from this origin:
 * script, styles and fonts only from files of this origin (no inline script, no eval), API
 * calls only to it, no plugins, no framing, no <base> rewriting, forms only to this origin.
 */
export const SERVER_CSP = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'media-src': ["'self'", 'blob:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/**
 * Security headers on every answer, errors and 404s included (helmet sets them as a request
 * arrives). Answers are not cached unless a route says so: staff answers carry the CSRF token
 * and terminal answers personal data; only public content files opt in.
 */
export async function installSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: SERVER_CSP },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Browsers honour it only over HTTPS; subdomains are the district's to decide.
    strictTransportSecurity: { maxAge: 365 * 24 * 3600, includeSubDomains: false },
  });
  app.addHook('onRequest', async (_request, reply) => {
    void reply.header('cache-control', 'no-store');
  });
}
