/**
 * Serves the simulator control channel on a Unix socket (local only by nature: no port, file
 * permissions of the temp dir). Each request line goes to `device.control()`.
 */
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { rm } from 'node:fs/promises';
import type { DeviceKind } from '@civic-kiosk/protocol/device-health';
import type { SimulatedDevice, SimulatorCommandResult } from '../../common/simulated-device.ts';
import { ControlRequest, MAX_CONTROL_LINE } from './control-protocol.ts';

export interface ControlServer {
  socketPath: string;
  close(): Promise<void>;
}

export function handleControlLine(line: string, devices: Partial<Record<DeviceKind, SimulatedDevice>>): SimulatorCommandResult {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, error: 'request is not JSON' };
  }
  const parsed = ControlRequest.safeParse(value);
  if (!parsed.success) return { ok: false, error: `bad request: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}` };
  const { device: kind, ...command } = parsed.data;
  const device = devices[kind];
  if (!device) return { ok: false, error: `no simulated ${kind} is running` };
  try {
    return device.control(command);
  } catch (e) {
    return { ok: false, error: `${kind} failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}

export async function startControlServer(socketPath: string, devices: Partial<Record<DeviceKind, SimulatedDevice>>): Promise<ControlServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setEncoding('utf8');
    let buffer = '';
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline).trim();
        buffer = buffer.slice(newline + 1);
        if (line) socket.write(`${JSON.stringify(handleControlLine(line, devices))}\n`);
      }
      if (buffer.length > MAX_CONTROL_LINE) {
        socket.end(`${JSON.stringify({ ok: false, error: 'request line too long' })}\n`);
        buffer = '';
      }
    });
  });
  await rm(socketPath, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  let closing: Promise<void> | undefined;
  return {
    socketPath,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }).then(() => rm(socketPath, { force: true }))),
  };
}
