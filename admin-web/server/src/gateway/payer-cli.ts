/**
 * The simulated payer, so a demo can pay a QR order without a phone:
 *
 *   npx tsx admin-web/server/src/gateway/payer-cli.ts complete|cancel|expire <orderId | QR payload>
 *
 * Acts as staff (admin or operator) on the district server (SERVER_URL, default
 * http://127.0.0.1:8080), which serves the payer only while the payment simulator is in use:
 * it logs in with PAYER_USERNAME (default admin) and PAYER_PASSWORD or, when that is unset,
 * the demo admin password `npm start` keeps in .data/admin-password.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const USAGE = 'usage: payer-cli.ts complete|cancel|expire <orderId | civicpay://sim/order/... payload>';
const DEMO_PASSWORD_FILE = path.join('.data', 'admin-password');

/** Accepts a bare order id or the QR payload the kiosk shows. */
export function orderIdFrom(arg: string): string | undefined {
  const m = /^civicpay:\/\/sim\/order\/([A-Za-z0-9]+)/.exec(arg);
  const id = m ? m[1] : arg;
  return id && /^[A-Za-z0-9]{1,64}$/.test(id) ? id : undefined;
}

function credentials(env: NodeJS.ProcessEnv): { username: string; password: string } | undefined {
  const username = env.PAYER_USERNAME || 'admin';
  if (env.PAYER_PASSWORD) return { username, password: env.PAYER_PASSWORD };
  try {
    return { username, password: readFileSync(path.resolve(DEMO_PASSWORD_FILE), 'utf8').trim() };
  } catch {
    return undefined;
  }
}

interface ErrorBody {
  state?: string;
  csrfToken?: string;
  error?: { code: string; message: string };
}

const failure = (res: Response, body: ErrorBody) => `${body.error?.code ?? res.status}: ${body.error?.message ?? 'request failed'}`;

async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [action, arg] = argv;
  const orderId = arg ? orderIdFrom(arg) : undefined;
  if (!action || !['complete', 'cancel', 'expire'].includes(action) || !orderId) {
    console.error(USAGE);
    return 2;
  }
  const login = credentials(env);
  if (!login) {
    console.error(`no staff credentials: set PAYER_USERNAME and PAYER_PASSWORD (an admin or operator), or run npm start, which keeps the demo admin password in ${DEMO_PASSWORD_FILE}`);
    return 2;
  }
  const base = env.SERVER_URL ?? 'http://127.0.0.1:8080';
  try {
    const session = await fetch(`${base}/api/staff/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(login) });
    const sessionBody = (await session.json().catch(() => ({}))) as ErrorBody;
    const cookie = session.headers.getSetCookie().find((c) => c.startsWith('ck_session='))?.split(';')[0];
    if (!session.ok || !cookie || !sessionBody.csrfToken) {
      console.error(`login as ${login.username} failed: ${failure(session, sessionBody)}`);
      return 1;
    }
    const headers = { cookie, 'x-csrf-token': sessionBody.csrfToken };
    const res = await fetch(`${base}/api/simulator/payments/${orderId}/${action}`, { method: 'POST', headers });
    const body = (await res.json().catch(() => ({}))) as ErrorBody;
    await fetch(`${base}/api/staff/logout`, { method: 'POST', headers }).catch(() => undefined);
    if (!res.ok) {
      console.error(failure(res, body));
      return 1;
    }
    console.log(`order ${orderId}: ${body.state}`);
    return 0;
  } catch (e) {
    console.error(`cannot reach the server at ${base}: ${(e as Error).message}`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main(process.argv.slice(2));

export { main as runPayerCli };
