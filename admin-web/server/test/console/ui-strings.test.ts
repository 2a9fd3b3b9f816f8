/** The console's two languages have the same strings, and every key the code asks for exists. */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeviceKind } from '@civic-kiosk/protocol/device-health';
import { KIOSK_SERVICES } from '@civic-kiosk/protocol/kiosk-services';
import { COMMAND_STATUSES, FLEET_SORT_KEYS, FLEET_STATUSES, STAFF_ROLES, WEAK_PASSWORD_REASONS } from '@civic-kiosk/protocol/staff-api';
import { ALERT_KINDS } from '@civic-kiosk/protocol/staff-live';
import { CommandKind, ScreenMode } from '@civic-kiosk/protocol/terminal-api';
import { FUNNEL_STEPS, PLAYS_BY, SERVICE_USE_BY } from '@civic-kiosk/protocol/usage';

const SRC = path.resolve(import.meta.dirname, '../../../ui/src');
const flat = (obj: object, prefix = ''): string[] =>
  Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? flat(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as object;
/** The shell's strings and every area's (views/<area>/i18n), as the console merges them. */
const load = (lang: string): object => {
  const areas = readdirSync(path.join(SRC, 'views'), { withFileTypes: true }).filter((d) => d.isDirectory() && readdirSync(path.join(SRC, 'views', d.name)).includes('i18n'));
  return Object.assign(read(path.join(SRC, 'i18n', `${lang}.json`)), ...areas.map((d) => read(path.join(SRC, 'views', d.name, 'i18n', `${lang}.json`))));
};

describe('admin console strings', () => {
  const zh = flat(load('zh-CN')).sort();

  it('has the same keys in zh-CN and en, none empty', () => {
    expect(flat(load('en')).sort()).toEqual(zh);
    for (const lang of ['zh-CN', 'en']) expect(JSON.stringify(load(lang))).not.toContain('""');
  });

  it('has every key the code names, literally or per status, role, sort key, device and screen', () => {
    const sources = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f));
    const literal = sources.flatMap((f) => [...readFileSync(path.join(SRC, f), 'utf8').matchAll(/\bt\('([a-zA-Z0-9.-]+)'/g)].map((m) => m[1]!));
    expect(literal.length).toBeGreaterThan(30);
    const dynamic = [
      ...FLEET_STATUSES.map((s) => `status.${s}`),
      ...STAFF_ROLES.map((r) => `roles.${r}`),
      ...FLEET_SORT_KEYS.map((k) => `fleet.sortKey.${k}`),
      ...DeviceKind.options.map((k) => `device.kind.${k}`),
      ...['ready', 'degraded', 'absent'].map((s) => `device.state.${s}`),
      ...ScreenMode.options.map((m) => `screen.${m}`),
      ...['login-failed', 'login-throttled', 'account-locked', 'validation-failed', 'network', 'other'].map((c) => `login.error.${c}`),
      ...WEAK_PASSWORD_REASONS.map((r) => `password.reason.${r}`),
      ...['current', 'next', 'repeat'].map((f) => `password.${f}`),
      // The terminal detail view: per command, command status, alert kind, and its fact, column and section lists.
      ...CommandKind.options.map((k) => `terminal.command.${k}.label`),
      ...CommandKind.options.filter((k) => !k.startsWith('emergency')).map((k) => `terminal.command.${k}.effect`),
      ...COMMAND_STATUSES.map((s) => `terminal.history.status.${s}`),
      ...ALERT_KINDS.map((k) => `terminal.alerts.kind.${k}`),
      'device.state.unreported',
      ...['waits', 'force', 'privacy'].map((e) => `terminal.confirm.inSession.${e}`),
      ...['status', 'id', 'group', 'location', 'screen', 'app', 'content', 'lastHeartbeat', 'uptime', 'disk'].map((f) => `terminal.fact.${f}`),
      ...['heartbeats', 'devices', 'alerts', 'events', 'history'].map((s) => `terminal.${s}.heading`),
      ...['time', 'gap', 'screen', 'app', 'content', 'disk', 'uptime'].map((c) => `terminal.heartbeats.col.${c}`),
      ...['sent', 'command', 'by', 'status', 'delivered', 'acked', 'detail'].map((c) => `terminal.history.col.${c}`),
      ...['kind', 'key', 'opened', 'resolved'].map((c) => `terminal.alerts.col.${c}`),
      ...['at', 'type', 'detail'].map((c) => `terminal.events.col.${c}`),
      // The usage area: per grouping, funnel step and known kiosk service.
      ...SERVICE_USE_BY.flatMap((b) => [`usage.services.chart.${b}`, `usage.services.table.${b}`, `usage.col.${b}`]),
      ...PLAYS_BY.map((b) => `usage.col.${b}`),
      ...['terminal', 'group', 'item'].map((b) => `usage.only.${b}`),
      ...FUNNEL_STEPS.map((s) => `usage.funnel.step.${s}`),
      ...['service', 'done'].map((s) => `usage.funnel.stepOf.${s}`),
      ...KIOSK_SERVICES.map((s) => `usage.service.${s}`),
    ];
    expect([...literal, ...dynamic].filter((k) => !zh.includes(k))).toEqual([]);
  });
});
