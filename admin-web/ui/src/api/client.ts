/**
 * The console's one way to the server: JSON in and out, every answer checked against the zod
 * schema the server validates with (protocol/staff-api), the CSRF header added to every
 * state-changing call, and a 401 on any call but login reported once as an ended session.
 */
import type { z } from 'zod';
import { ApiErrorBody, CommandSent, CreatedTerminal, EnrolmentTicket, FleetGroups, FleetMap, FleetPage, Ok, StaffSession, TerminalView } from '@civic-kiosk/protocol/staff-api';
import type { ChangePasswordRequest, CreateTerminalRequest, FleetQuery, LoginRequest } from '@civic-kiosk/protocol/staff-api';
import type { CommandSpec } from '@civic-kiosk/protocol/terminal-api';
import { CommandList, HeartbeatHistory, ScreenshotList, TerminalEventList } from '@civic-kiosk/protocol/staff-api';
import { AlertList, AlertView, BroadcastList, BroadcastView, GroupHours, GroupHoursList } from '@civic-kiosk/protocol/staff-live';
import type { BroadcastRequest, OperatingHours } from '@civic-kiosk/protocol/staff-live';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiClientOptions {
  /** The session ended (expired, logged out elsewhere): the console goes back to its login. */
  onSessionEnded(): void;
  fetch?: typeof fetch;
}

export class ApiClient {
  private csrf: { header: string; token: string } | undefined;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: ApiClientOptions) {
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** One checked call; each console area's API module (api/<area>.ts) builds its calls on it. */
  async call<S extends z.ZodType>(method: Method, url: string, schema: S, body?: unknown): Promise<z.output<S>> {
    const res = await this.send(method, url, 'application/json', body);
    const parsed = schema.safeParse(await res.json().catch(() => undefined));
    if (!parsed.success) throw new ApiError(res.status, 'bad-response', `Unexpected answer from ${url}`);
    return parsed.data;
  }

  /** A file the server makes for a POST (an export whose filters stay out of URLs), as a Blob. */
  async download(url: string, body: unknown): Promise<Blob> {
    return (await this.send('POST', url, '*/*', body)).blob();
  }

  private async send(method: Method, url: string, accept: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { accept };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.csrf) headers[this.csrf.header] = this.csrf.token;
    let res: Response;
    try {
      res = await this.fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
    } catch {
      throw new ApiError(0, 'network', 'The server cannot be reached');
    }
    if (res.ok) return res;
    const parsed = ApiErrorBody.safeParse(await res.json().catch(() => undefined));
    const error = parsed.success ? parsed.data.error : { code: 'http-error', message: `HTTP ${res.status}` };
    if (res.status === 401 && url !== LOGIN) this.sessionEnded();
    throw new ApiError(res.status, error.code, error.message, parsed.success ? parsed.data.error.details : undefined);
  }

  /** The CSRF header for a request made outside `call` (an upload through XMLHttpRequest, for its progress). */
  csrfHeaders(): Record<string, string> {
    return this.csrf ? { [this.csrf.header]: this.csrf.token } : {};
  }

  private sessionEnded(): void {
    this.csrf = undefined;
    this.options.onSessionEnded();
  }

  private remember(session: StaffSession): StaffSession {
    this.csrf = { header: session.csrfHeader, token: session.csrfToken };
    return session;
  }

  async login(request: LoginRequest): Promise<StaffSession> {
    return this.remember(await this.call('POST', LOGIN, StaffSession, request));
  }

  /** The current session, or undefined when there is none (no session-ended report). */
  async resume(): Promise<StaffSession | undefined> {
    const res = await this.fetch('/api/staff/me', { headers: { accept: 'application/json' }, credentials: 'same-origin' }).catch(() => undefined);
    if (!res?.ok) return undefined;
    const parsed = StaffSession.safeParse(await res.json().catch(() => undefined));
    return parsed.success ? this.remember(parsed.data) : undefined;
  }

  async changePassword(request: ChangePasswordRequest): Promise<StaffSession> {
    return this.remember(await this.call('POST', '/api/staff/me/password', StaffSession, request));
  }

  async logout(): Promise<void> {
    await this.call('POST', '/api/staff/logout', Ok, {});
    this.csrf = undefined;
  }

  terminals(query: FleetQuery): Promise<FleetPage> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
    return this.call('GET', `/api/terminals?${params}`, FleetPage);
  }

  createTerminal(request: CreateTerminalRequest): Promise<CreatedTerminal> {
    return this.call('POST', '/api/terminals', CreatedTerminal, request);
  }

  /** A new one-time code for a terminal not yet enrolled; earlier codes stop working. */
  newEnrolmentCode(terminalId: string): Promise<EnrolmentTicket> {
    return this.call('POST', `/api/terminals/${encodeURIComponent(terminalId)}/enrolment-code`, EnrolmentTicket, {});
  }

  revokeTerminal(terminalId: string): Promise<TerminalView> {
    return this.call('POST', `/api/terminals/${encodeURIComponent(terminalId)}/revoke`, TerminalView, {});
  }

  fleetMap(): Promise<FleetMap> {
    return this.call('GET', '/api/fleet/service-points', FleetMap);
  }

  fleetGroups(): Promise<FleetGroups> {
    return this.call('GET', '/api/fleet/groups', FleetGroups);
  }

  sendCommand(terminalId: string, command: CommandSpec): Promise<z.output<typeof CommandSent>> {
    return this.call('POST', `/api/terminals/${encodeURIComponent(terminalId)}/commands`, CommandSent, { command });
  }

  // ---- one terminal's detail

  terminal(terminalId: string): Promise<TerminalView> {
    return this.call('GET', terminalUrl(terminalId), TerminalView);
  }

  heartbeats(terminalId: string, limit: number): Promise<HeartbeatHistory> {
    return this.call('GET', `${terminalUrl(terminalId)}/heartbeats?limit=${limit}`, HeartbeatHistory);
  }

  terminalEvents(terminalId: string, limit: number): Promise<TerminalEventList> {
    return this.call('GET', `${terminalUrl(terminalId)}/events?limit=${limit}`, TerminalEventList);
  }

  terminalAlerts(terminalId: string): Promise<AlertList> {
    return this.call('GET', `/api/alerts?terminalId=${encodeURIComponent(terminalId)}&limit=50`, AlertList);
  }

  commands(terminalId: string, limit: number): Promise<z.output<typeof CommandList>> {
    return this.call('GET', `${terminalUrl(terminalId)}/commands?limit=${limit}`, CommandList);
  }

  screenshots(terminalId: string): Promise<z.output<typeof ScreenshotList>> {
    return this.call('GET', `${terminalUrl(terminalId)}/screenshots`, ScreenshotList);
  }

  /** Where an <img> loads a screenshot from (each load is an audited view). */
  screenshotUrl(terminalId: string, screenshotId: number): string {
    return `${terminalUrl(terminalId)}/screenshots/${screenshotId}`;
  }

  // ---- live operations: the session check, alerts, operating hours, emergency broadcasts

  /** The session, through the call that reports an ended one (the event stream was refused). */
  me(): Promise<StaffSession> {
    return this.call('GET', '/api/staff/me', StaffSession);
  }

  alerts(open: boolean, limit = 200): Promise<AlertList> {
    return this.call('GET', `/api/alerts?open=${open}&limit=${limit}`, AlertList);
  }

  acknowledgeAlert(id: number): Promise<AlertView> {
    return this.call('POST', `/api/alerts/${id}/acknowledge`, AlertView, {});
  }

  operatingHours(): Promise<GroupHoursList> {
    return this.call('GET', '/api/alerts/hours', GroupHoursList);
  }

  setOperatingHours(group: string, hours: OperatingHours): Promise<GroupHours> {
    return this.call('PUT', `/api/alerts/hours/${encodeURIComponent(group)}`, GroupHours, hours);
  }

  removeOperatingHours(group: string): Promise<z.output<typeof Ok>> {
    return this.call('DELETE', `/api/alerts/hours/${encodeURIComponent(group)}`, Ok);
  }

  broadcasts(): Promise<z.output<typeof BroadcastList>> {
    return this.call('GET', '/api/broadcasts/emergency', BroadcastList);
  }

  startBroadcast(request: BroadcastRequest): Promise<BroadcastView> {
    return this.call('POST', '/api/broadcasts/emergency', BroadcastView, request);
  }

  endBroadcast(id: string): Promise<BroadcastView> {
    return this.call('POST', `/api/broadcasts/emergency/${encodeURIComponent(id)}/end`, BroadcastView, {});
  }
}

const LOGIN = '/api/staff/login';
const terminalUrl = (terminalId: string) => `/api/terminals/${encodeURIComponent(terminalId)}`;
