/**
 * The terminal detail view reloads on live events and on a timer, so loads overlap: whichever
 * answers last, the view shows the newest load's answer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TerminalView } from '@civic-kiosk/protocol/staff-api';
import type { ApiClient } from '../../../ui/src/api/client.ts';
import { createTerminalDetail } from '../../../ui/src/state/terminal.ts';

/** An API whose terminal answers are released by the test, in any order. */
function heldApi() {
  const held: { status: string; release: () => void }[] = [];
  const api = {
    terminal: (id: string) =>
      new Promise<TerminalView>((resolve) => {
        const status = held.length === 0 ? 'online' : 'down';
        held.push({ status, release: () => resolve({ id, status } as TerminalView) });
      }),
    heartbeats: async () => ({ heartbeats: [] }),
    terminalEvents: async () => ({ events: [] }),
    commands: async () => ({ commands: [] }),
  } as unknown as ApiClient;
  return { api, held };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('terminal detail state', () => {
  let stop: (() => void) | undefined;
  afterEach(() => stop?.());

  it('keeps the newer answer when an older load answers after it', async () => {
    const { api, held } = heldApi();
    const detail = createTerminalDetail(api, 'T-1', { alerts: false, screenshots: false });
    stop = detail.stop;
    detail.refresh(); // read while the terminal was online
    detail.refresh(); // read after it went down
    expect(held.map((h) => h.status)).toEqual(['online', 'down']);
    held[1]!.release();
    await settle();
    expect(detail.view.value?.status).toBe('down');
    held[0]!.release();
    await settle();
    expect(detail.view.value?.status).toBe('down');
  });

  it('shows answers that come in order', async () => {
    const { api, held } = heldApi();
    const detail = createTerminalDetail(api, 'T-1', { alerts: false, screenshots: false });
    stop = detail.stop;
    detail.refresh();
    held[0]!.release();
    await settle();
    expect(detail.view.value?.status).toBe('online');
    detail.refresh();
    held[1]!.release();
    await settle();
    expect(detail.view.value?.status).toBe('down');
  });
});
