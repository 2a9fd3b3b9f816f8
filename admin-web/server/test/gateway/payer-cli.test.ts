import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { orderIdFrom, runPayerCli } from '../../src/gateway/payer-cli.ts';

describe('payer CLI', () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.close();
    vi.restoreAllMocks();
    delete process.env.SERVER_URL;
  });

  it('takes an order id or the QR payload, and refuses anything else', () => {
    expect(orderIdFrom('SIMABC123')).toBe('SIMABC123');
    expect(orderIdFrom('civicpay://sim/order/SIMABC123?amount=100')).toBe('SIMABC123');
    expect(orderIdFrom('../../etc')).toBeUndefined();
  });

  it('posts the action to the server and reports the new state', async () => {
    const seen: string[] = [];
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ orderId: 'SIMX1', state: 'paid' }));
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const addr = server.address() as { port: number };
    process.env.SERVER_URL = `http://127.0.0.1:${addr.port}`;
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    expect(await runPayerCli(['complete', 'SIMX1'])).toBe(0);
    expect(seen).toEqual(['POST /api/simulator/payments/SIMX1/complete']);
    expect(log).toHaveBeenCalledWith('order SIMX1: paid');
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await runPayerCli(['refund', 'SIMX1'])).toBe(2);
  });
});
