import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BarcodeScanner } from '../../../src/common/scanner/barcode-scanner.ts';
import type { ScannedCode, ScannerError } from '../../../src/common/scanner/symbology.ts';
import { HidTransport, openHidDevice, parseHidRecording, RecordedHidDevice } from '../../../src/node/transport/hid-transport.ts';

const fixture = (name: string): Uint8Array[] => parseHidRecording(readFileSync(path.join(import.meta.dirname, '../../fixtures', name), 'utf8'));

function scannerOn(reports: Uint8Array[]) {
  const device = new RecordedHidDevice(reports);
  const transport = new HidTransport(device);
  const scanner = new BarcodeScanner(transport, { mode: 'hid-pos', reportIdInData: true });
  const scans: ScannedCode[] = [];
  const errors: ScannerError[] = [];
  scanner.onScan((s) => scans.push(s));
  scanner.onError((e) => errors.push(e));
  return { device, transport, scans, errors };
}

describe('HID POS scanner over recorded reports', () => {
  it('reads one EAN-13 report', () => {
    const { device, scans } = scannerOn(fixture('hid-pos-ean13.txt'));
    device.play();
    expect(scans).toEqual([{ code: '6901234567892', symbology: 'ean13' }]);
  });

  it('assembles a QR payload split over three reports, only when the last arrives', () => {
    const { device, scans } = scannerOn(fixture('hid-pos-qr-multi.txt'));
    device.play(2);
    expect(scans).toEqual([]);
    device.play();
    expect(scans).toHaveLength(1);
    expect(scans[0]?.symbology).toBe('qr');
    expect(scans[0]?.code).toBe('https://pay.example.cn/bill?biller=SH-WATER-0031&account=3100123456&period=202610&amount=128.50&ref=7f3c9a2e41d04b6b9e1c5a7d3f2e8b10');
  });

  it('reads two scans back to back', () => {
    const { device, scans } = scannerOn(fixture('hid-pos-code128-twice.txt'));
    device.play();
    expect(scans.map((s) => s.code)).toEqual(['KSK-XH-0042', 'Q20261126-A017']);
  });

  it('reports a foreign report as a typed error and keeps reading', () => {
    const [good] = fixture('hid-pos-ean13.txt');
    const foreign = Uint8Array.from(good!);
    foreign[0] = 0x01;
    const { device, scans, errors } = scannerOn([foreign, good!]);
    device.play();
    expect(errors.map((e) => e.code)).toEqual(['bad-report']);
    expect(scans).toHaveLength(1);
  });

  it('closes the transport when the device is unplugged', async () => {
    const { device, transport } = scannerOn([]);
    const states: string[] = [];
    transport.onState((s) => states.push(s));
    device.unplug();
    expect(transport.state).toBe('closed');
    expect(states).toEqual(['closed']);
    await expect(transport.write(Uint8Array.of(1))).rejects.toMatchObject({ code: 'not-open' });
  });
});

describe('node-hid opening', () => {
  it('fails with a typed open-failed error for a device that is not there', async () => {
    await expect(openHidDevice({ path: '/dev/hidraw-not-there' })).rejects.toMatchObject({ name: 'TransportError', code: 'open-failed' });
    await expect(openHidDevice({ vendorId: 0xfffe, productId: 0xfffe })).rejects.toMatchObject({ code: 'open-failed' });
  });

  it('rejects a malformed recording line', () => {
    expect(() => parseHidRecording('02 0x 41')).toThrow(/bad hex byte/);
  });
});
