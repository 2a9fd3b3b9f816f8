import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BridgeCallMessage, parseFrame, parseHostMessage, tokenFromFragment } from '../../src/common/bridge-wire.ts';

describe('bridge wire', () => {
  it('parses calls and host messages, and nothing else', () => {
    expect(parseFrame(BridgeCallMessage, '{"type":"call","id":3,"channel":"terminal.info"}')).toEqual({ type: 'call', id: 3, channel: 'terminal.info' });
    expect(parseHostMessage('{"type":"reply","id":3,"reply":{"ok":true}}')).toEqual({ type: 'reply', id: 3, reply: { ok: true } });
    expect(parseHostMessage('{"type":"reply","id":4,"reply":{"ok":false,"error":{"code":"enrolment-failed","message":"no","reason":"enrolment-code-used","x":1}}}')).toEqual({
      type: 'reply',
      id: 4,
      reply: { ok: false, error: { code: 'enrolment-failed', message: 'no', reason: 'enrolment-code-used' } },
    });
    expect(parseHostMessage('{"type":"event","event":"online","payload":{"online":false}}')).toEqual({ type: 'event', event: 'online', payload: { online: false } });
    expect(parseHostMessage('{"type":"reply","id":1.5,"reply":{"ok":true}}')).toBeUndefined();
    expect(parseHostMessage('{"type":"reply","id":1,"reply":{"ok":false,"error":{"code":"internal","message":"x","reason":7}}}')).toBeUndefined();
    expect(parseHostMessage(`{"type":"event","event":"${'e'.repeat(65)}"}`)).toBeUndefined();
    expect(parseHostMessage('[1]')).toBeUndefined();
    expect(parseFrame(BridgeCallMessage, '{"type":"call","id":-1,"channel":"x"}')).toBeUndefined();
    expect(parseFrame(BridgeCallMessage, '{"type":"call","id":1.5,"channel":"x"}')).toBeUndefined();
    expect(parseHostMessage('{"type":"reply","id":1,"reply":{"ok":false,"error":{"code":"rm -rf","message":""}}}')).toBeUndefined();
  });

  it('never throws on any frame (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify({ type: 'call', id: 1, channel: 'x', arg: v }))), (text) => {
        parseFrame(BridgeCallMessage, text);
        parseHostMessage(text);
      }),
    );
  });

  it('reads the launch token from the page fragment only when well-formed (property)', () => {
    expect(tokenFromFragment('#kiosk-token=AbCdEfGhIjKlMnOp_-12')).toBe('AbCdEfGhIjKlMnOp_-12');
    expect(tokenFromFragment('#kiosk-token=short')).toBeUndefined();
    expect(tokenFromFragment('#other=AbCdEfGhIjKlMnOp')).toBeUndefined();
    fc.assert(
      fc.property(fc.string(), (hash) => {
        const t = tokenFromFragment(hash);
        if (t !== undefined) expect(t).toMatch(/^[A-Za-z0-9_-]{16,128}$/);
      }),
    );
  });
});
