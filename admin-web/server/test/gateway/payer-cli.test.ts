import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { orderIdFrom, runPayerCli } from '../../src/gateway/payer-cli.ts';
import { TEST_ADMIN, withApp } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { listen } from '../support/terminal.ts';

describe('payer CLI', () => {
  let t: TestApp;
  let base: string;
  let cwd: string;
  const started = process.cwd();
  beforeEach(async () => {
    t = await withApp('sqlite');
    base = await listen(t);
    // An empty working directory: no demo password file unless a test writes one.
    cwd = mkdtempSync(path.join(tmpdir(), 'payer-cli-'));
    process.chdir(cwd);
  });
  afterEach(async () => {
    process.chdir(started);
    rmSync(cwd, { recursive: true, force: true });
    vi.restoreAllMocks();
    await t.close();
  });

  const order = async () => (await t.services.gateway.simulators!.payments.createOrder({ merchantRef: `ref-${Math.random()}`, amountFen: 100, subject: 'gas bill', ttlMs: 60_000 })).orderId;
  const stateOf = async (id: string) => (await t.services.gateway.simulators!.payments.queryOrder(id)).state;

  it('takes an order id or the QR payload, and refuses anything else', async () => {
    expect(orderIdFrom('SIMABC123')).toBe('SIMABC123');
    expect(orderIdFrom('civicpay://sim/order/SIMABC123?amount=100')).toBe('SIMABC123');
    expect(orderIdFrom('../../etc')).toBeUndefined();
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await runPayerCli(['refund', 'SIMX1'], { SERVER_URL: base })).toBe(2);
  });

  it('logs in as staff from the environment and pays the order', async () => {
    const id = await order();
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    expect(await runPayerCli(['complete', `civicpay://sim/order/${id}?amount=100`], { SERVER_URL: base, PAYER_USERNAME: TEST_ADMIN.username, PAYER_PASSWORD: TEST_ADMIN.password })).toBe(0);
    expect(log).toHaveBeenCalledWith(`order ${id}: paid`);
    expect(await stateOf(id)).toBe('paid');
  });

  it("uses npm start's demo admin password when no credentials are given", async () => {
    const id = await order();
    mkdirSync('.data');
    writeFileSync(path.join('.data', 'admin-password'), `${TEST_ADMIN.password}\n`);
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    expect(await runPayerCli(['cancel', id], { SERVER_URL: base })).toBe(0);
    expect(await stateOf(id)).toBe('cancelled');
  });

  it('says what is missing instead of paying without credentials or with wrong ones', async () => {
    const id = await order();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await runPayerCli(['complete', id], { SERVER_URL: base })).toBe(2);
    expect(String(error.mock.calls.at(-1))).toMatch(/PAYER_PASSWORD/);
    expect(await runPayerCli(['complete', id], { SERVER_URL: base, PAYER_PASSWORD: 'not-the-password' })).toBe(1);
    expect(String(error.mock.calls.at(-1))).toMatch(/login as admin failed/);
    expect(await stateOf(id)).toBe('pending');
  });
});
