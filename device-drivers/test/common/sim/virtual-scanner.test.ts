import { describe, expect, it } from 'vitest';
import { createVirtualScanner } from '../../../src/common/sim/printer-scanner.ts';

describe('virtual scanner', () => {
  const setup = () => {
    const scanner = createVirtualScanner();
    const out: number[] = [];
    scanner.connect((b) => out.push(...b));
    return { scanner, text: () => Buffer.from(out).toString('utf8') };
  };

  it('sends a scan as a CR LF line, with the AIM id when a symbology is given', () => {
    const { scanner, text } = setup();
    expect(scanner.control({ action: 'scan', code: '6901234567892', symbology: 'ean13' })).toEqual({ ok: true });
    expect(scanner.control({ action: 'scan', code: '缴费' })).toEqual({ ok: true });
    expect(text()).toBe(']E06901234567892\r\n缴费\r\n');
  });

  it('refuses bad scans with a clear error and sends nothing', () => {
    const { scanner, text } = setup();
    expect(scanner.control({ action: 'scan', code: '' })).toMatchObject({ ok: false });
    expect(scanner.control({ action: 'scan', code: 'a\rb' })).toMatchObject({ ok: false });
    expect(scanner.control({ action: 'scan', code: 'x', symbology: 'morse' })).toMatchObject({ ok: false });
    expect(scanner.control({ action: 'beep' })).toMatchObject({ ok: false });
    expect(text()).toBe('');
  });
});
