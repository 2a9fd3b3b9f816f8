import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { DeviceConfigError, parseDeviceConfig, parseDeviceConfigText } from '../../src/common/device-config.ts';

const configDir = path.resolve(import.meta.dirname, '../../config');

function issuesOf(value: unknown): { code: string; fields: string[] } {
  try {
    parseDeviceConfig(value);
  } catch (e) {
    if (e instanceof DeviceConfigError) return { code: e.code, fields: e.issues.map((i) => i.field) };
    throw e;
  }
  throw new Error('expected the configuration to be refused');
}

describe('device configuration', () => {
  it('accepts the shipped example and simulated configurations', () => {
    const example = parseDeviceConfigText(readFileSync(path.join(configDir, 'devices.example.json'), 'utf8'));
    expect(example['receipt-printer']).toMatchObject({ simulated: false, profile: '80mm', transport: { path: '/dev/ttyS1', baudRate: 9600 } });
    expect(example['barcode-scanner']).toMatchObject({ mode: 'hid-pos', transport: { type: 'hid' } });
    const simulated = parseDeviceConfigText(readFileSync(path.join(configDir, 'devices.simulated.json'), 'utf8'));
    expect(Object.values(simulated).filter((d) => typeof d === 'object' && d !== null && 'simulated' in d && d.simulated)).toHaveLength(4);
  });

  it('fills defaults: 9600 baud, reconnect backoff, printer polling', () => {
    const config = parseDeviceConfig({ 'card-reader': { driver: 'ccid-serial', transport: { type: 'serial', path: '/dev/ttyUSB0' } } });
    expect(config['card-reader']).toEqual({ simulated: false, driver: 'ccid-serial', transport: { type: 'serial', path: '/dev/ttyUSB0', baudRate: 9600 } });
    expect(config.reconnect).toEqual({ initialMs: 500, maxMs: 1_000 });
    expect(config.healthCheckIntervalMs).toBe(10_000);
  });

  it.each([
    [{ 'receipt-printer': { driver: 'escpos', transport: { type: 'serial', path: '/dev/ttyS1' } } }, 'receipt-printer.profile'],
    [{ 'receipt-printer': { driver: 'escpos', profile: '76mm', transport: { type: 'serial', path: '/dev/ttyS1' } } }, 'receipt-printer.profile'],
    [{ 'card-reader': { driver: 'ccid-serial', transport: { type: 'serial', path: '/dev/x', baudRate: 12 } } }, 'card-reader.transport.baudRate'],
    [{ 'id-reader': { driver: 'sam-serial', transport: { type: 'serial', vendorId: 'xyz', productId: '0001' } } }, 'id-reader.transport.vendorId'],
    [{ 'barcode-scanner': { driver: 'generic', mode: 'hid-pos', transport: { type: 'serial', path: '/dev/x' } } }, 'barcode-scanner.transport.type'],
    [{ 'card-reader': { driver: 'ccid-serial' } }, 'card-reader.transport'],
    [{ 'coin-acceptor': { simulated: true } }, ''],
  ])('refuses %j naming the field', (value, field) => {
    const { code, fields } = issuesOf(value);
    expect(code).toBe('invalid-config');
    expect(fields).toContain(field);
  });

  it('says when the file is not JSON', () => {
    expect(() => parseDeviceConfigText('{ "card-reader": ')).toThrow(expect.objectContaining({ code: 'not-json' }));
  });

  it('never throws anything but a DeviceConfigError, whatever the input', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          parseDeviceConfig(value);
        } catch (e) {
          expect(e).toBeInstanceOf(DeviceConfigError);
        }
      }),
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          parseDeviceConfigText(text);
        } catch (e) {
          expect(e).toBeInstanceOf(DeviceConfigError);
        }
      }),
    );
  });
});
