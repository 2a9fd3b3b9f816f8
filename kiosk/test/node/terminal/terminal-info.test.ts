/**
 * What kiosk-config.json tells the page about the terminal's public face: the district and
 * location names residents see (status bar, attract, receipts), the services switched on, where
 * the terminal stands (the map) and the guides' public address (their QR).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KIOSK_SERVICES } from '@civic-kiosk/protocol/kiosk-services';
import { absentDevices } from '../../../src/node/devices.ts';
import { KioskCore } from '../../../src/node/kiosk-core.ts';
import { configPath, readKioskConfig } from '../../../src/node/kiosk-config.ts';
import { browserShellActions } from '../../../src/node/shell-actions.ts';

const cores: KioskCore[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.stop();
});

const DISTRICT = { name: { 'zh-CN': '浦江区', en: 'Pujiang District' }, locationName: { 'zh-CN': '浦江区行政服务中心 一楼大厅', en: 'Pujiang District Administrative Service Centre' } };

async function dataDirWith(config: unknown): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kiosk-info-'));
  await writeFile(configPath(dir), JSON.stringify(config));
  return dir;
}

async function infoOf(config: unknown) {
  const core = await KioskCore.open({ dataDir: await dataDirWith(config), appVersion: '0.1.0', shell: browserShellActions, devices: absentDevices() });
  cores.push(core);
  return core.handlers['terminal.info'](undefined);
}

describe('terminal info from kiosk-config.json', () => {
  it('gives the page the public names and only the services switched on', async () => {
    const info = await infoOf({ district: DISTRICT, services: { 'social-security': false, mailbox: false } });
    expect(info.district).toEqual(DISTRICT);
    expect(info.services).toEqual(KIOSK_SERVICES.filter((s) => s !== 'social-security' && s !== 'mailbox'));
  });

  it('offers every service and no names when the config says nothing', async () => {
    const info = await infoOf({});
    expect(info.district).toBeUndefined();
    expect(info.services).toEqual([...KIOSK_SERVICES]);
  });

  it("gives the page the terminal's position for the map and the guides' public address for their QR", async () => {
    const position = { lng: 121.54, lat: 31.2232 };
    const guideUrl = 'https://zwfw.pujiang.example.gov.cn/guides/{id}';
    expect(await infoOf({ position, guideUrl })).toMatchObject({ position, guideUrl });
    const none = await infoOf({});
    expect([none.position, none.guideUrl]).toEqual([undefined, undefined]);
  });

  it('refuses a guide address that is not https or has no {id}, and a position off the globe', async () => {
    await expect(readKioskConfig(await dataDirWith({ guideUrl: 'http://zwfw.example.gov.cn/guides/{id}' }))).rejects.toThrow(/guideUrl/);
    await expect(readKioskConfig(await dataDirWith({ guideUrl: 'https://zwfw.example.gov.cn/guides/' }))).rejects.toThrow(/guideUrl/);
    await expect(readKioskConfig(await dataDirWith({ position: { lng: 221.5, lat: 31.2 } }))).rejects.toThrow(/position/);
  });

  it('refuses a config with a name in one language only or an unknown service', async () => {
    await expect(readKioskConfig(await dataDirWith({ district: { ...DISTRICT, locationName: { 'zh-CN': '大厅' } } }))).rejects.toThrow(/locationName/);
    await expect(readKioskConfig(await dataDirWith({ services: { parking: false } }))).rejects.toThrow(/services/);
  });
});
