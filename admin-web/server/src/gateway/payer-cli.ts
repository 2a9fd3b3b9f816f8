/**
 * The simulated payer, so a demo can pay a QR order without a phone:
 *
 *   npx tsx admin-web/server/src/gateway/payer-cli.ts complete|cancel|expire <orderId | QR payload>
 *
 * Talks to the district server on loopback (SERVER_URL, default http://127.0.0.1:8080),
 * which answers only when the payment simulator is in use.
 */
const USAGE = 'usage: payer-cli.ts complete|cancel|expire <orderId | civicpay://sim/order/... payload>';

/** Accepts a bare order id or the QR payload the kiosk shows. */
export function orderIdFrom(arg: string): string | undefined {
  const m = /^civicpay:\/\/sim\/order\/([A-Za-z0-9]+)/.exec(arg);
  const id = m ? m[1] : arg;
  return id && /^[A-Za-z0-9]{1,64}$/.test(id) ? id : undefined;
}

async function main(argv: string[]): Promise<number> {
  const [action, arg] = argv;
  const orderId = arg ? orderIdFrom(arg) : undefined;
  if (!action || !['complete', 'cancel', 'expire'].includes(action) || !orderId) {
    console.error(USAGE);
    return 2;
  }
  const base = process.env.SERVER_URL ?? 'http://127.0.0.1:8080';
  let res: Response;
  try {
    res = await fetch(`${base}/api/simulator/payments/${orderId}/${action}`, { method: 'POST' });
  } catch (e) {
    console.error(`cannot reach the server at ${base}: ${(e as Error).message}`);
    return 1;
  }
  const body = (await res.json().catch(() => ({}))) as { state?: string; error?: { code: string; message: string } };
  if (!res.ok) {
    console.error(`${body.error?.code ?? res.status}: ${body.error?.message ?? 'request failed'}`);
    return 1;
  }
  console.log(`order ${orderId}: ${body.state}`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main(process.argv.slice(2));

export { main as runPayerCli };
