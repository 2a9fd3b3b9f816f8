/**
 * Heartbeats: the terminal's state (versions, devices, screen, uptime, disk) to the server on
 * the interval the server asks for, which is kept for the next start.
 */
import { statfs } from 'node:fs/promises';
import { HeartbeatResponse, TerminalApiPaths } from '@civic-kiosk/protocol/terminal-api';
import type { HeartbeatRequest } from '@civic-kiosk/protocol/terminal-api';
import type { TerminalConnection } from './connection.ts';
import type { TerminalIdentityStore } from './identity.ts';

export interface HeartbeatOptions {
  connection: TerminalConnection;
  identities: Pick<TerminalIdentityStore, 'updateInterval'>;
  /** What this terminal reports, except disk and uptime, which are measured here. */
  report: () => Omit<HeartbeatRequest, 'uptimeSeconds' | 'freeDiskBytes'>;
  /** Where free disk space is measured (the data dir). */
  dataDir: string;
  log: (message: string) => void;
}

export class Heartbeat {
  #stopped = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: HeartbeatOptions) {}

  start(): void {
    void this.#loop();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  /** Sends one heartbeat now; true when the server took it. */
  async beat(): Promise<boolean> {
    const { connection } = this.options;
    const body: HeartbeatRequest = {
      ...this.options.report(),
      uptimeSeconds: Math.floor(process.uptime()),
      freeDiskBytes: await freeDisk(this.options.dataDir),
    };
    const response = await connection.api('POST', TerminalApiPaths.heartbeat, body);
    const parsed = HeartbeatResponse.safeParse(response.body);
    if (response.status !== 200 || !parsed.success) return false;
    await this.options.identities.updateInterval(connection.identity, parsed.data.heartbeatIntervalMs);
    return true;
  }

  async #loop(): Promise<void> {
    while (!this.#stopped) {
      await this.beat().catch((e: Error) => this.options.log(`heartbeat: ${e.message}`));
      if (this.#stopped) return;
      await new Promise<void>((resolve) => {
        this.#timer = setTimeout(resolve, this.options.connection.identity.heartbeatIntervalMs);
      });
    }
  }
}

async function freeDisk(dir: string): Promise<number> {
  try {
    const s = await statfs(dir);
    return Math.max(0, Math.floor(s.bavail * s.bsize));
  } catch {
    return 0;
  }
}
