/**
 * Runs in the page after the fake bridge (like the bill tests' fake gateway): answers
 * `socialSecurity.*` and `permit.*` as the privileged side would for one fictional person, and
 * lets a test script the card (PIN, tries, blocked, unreadable ...), the back office (failures,
 * delays), the printer and the document on the ID reader through `window.__holder`. The
 * person's strings are built from character codes at each call, so after a wipe a heap search
 * finds only what the UI kept.
 */
export interface HolderControl {
  pin: string;
  triesLeft: number;
  /** Forces `open`'s outcome (`unreadable`, `card-mute`, `not-social-security-card`, `reader-absent`, `removed`, `offline`, `back-office-down`, `refused:<code>`). */
  openAs: string | null;
  /** Holds `open` until `release()` (a card pulled mid-read). */
  holdOpen: boolean;
  release(): void;
  /** Service name (`contributions`, `printStatement`, `endorse` ...) → failure code for its next call. */
  failNext: Record<string, string>;
  printer: 'ok' | 'paper-out';
  cardState: 'active' | 'temporarily-lost';
  document: 'residence-permit' | 'resident-id' | 'foreign-permanent-residence';
  endorseResult: 'endorsed' | 'submitted' | 'documents-required';
  /** Keys of the endorsement / loss-report requests, in order. */
  keys: { endorse: string[]; reportLoss: string[] };
  /** PINs the page sent, as `***` (only the count matters: VERIFY is never repeated by itself). */
  opens: number;
}

export function installFakeHolder(): void {
  const w = window as unknown as { kiosk: Record<string, unknown>; __holder: HolderControl; __kioskFake: { calls: { name: string; arg: unknown }[] } };
  let waiting: (() => void) | null = null;
  const control: HolderControl = {
    pin: '246813',
    triesLeft: 3,
    openAs: null,
    holdOpen: false,
    release: () => waiting?.(),
    failNext: {},
    printer: 'ok',
    cardState: 'active',
    document: 'residence-permit',
    endorseResult: 'submitted',
    keys: { endorse: [], reportLoss: [] },
    opens: 0,
  };
  w.__holder = control;
  // Both readers and the printer work unless a test says otherwise (a device-health event).
  (w.kiosk.devices as { health: () => Promise<unknown> }).health = async () => ({
    'card-reader': { state: 'ready' },
    'id-reader': { state: 'ready' },
    'receipt-printer': { state: 'ready' },
    'barcode-scanner': { state: 'ready' },
  });
  let session = false;
  const record = (name: string, arg: unknown) => w.__kioskFake.calls.push({ name, arg: arg === undefined ? null : JSON.parse(JSON.stringify(arg)) });
  // The masked name and ID, made afresh for every answer.
  const holder = () => ({ nameMasked: String.fromCharCode(0x5f20, 0x2a, 0x660e), idMasked: String.fromCharCode(0x33, 0x31, 0x30, 0x31) + '*'.repeat(10) + String.fromCharCode(0x32, 0x30, 0x34, 0x32) });
  const answer = async <T>(service: string, arg: unknown, value: () => T) => {
    record(`holder.${service}`, arg);
    await new Promise((r) => setTimeout(r, 30));
    const code = control.failNext[service];
    if (code) {
      delete control.failNext[service];
      return { ok: false, failure: { status: code === 'offline' ? 0 : 503, code } };
    }
    if (!session) return { ok: false, failure: { status: 0, code: 'no-holder-session' } };
    return { ok: true, value: value() };
  };
  const month = (offset: number) => {
    const d = new Date();
    const m = new Date(d.getFullYear(), d.getMonth() + offset, 1);
    return `${m.getFullYear()}-${String(m.getMonth() + 1).padStart(2, '0')}`;
  };
  const types = ['pension', 'medical', 'unemployment', 'work-injury', 'maternity'] as const;
  const rates = { pension: [8, 16], medical: [2, 10], unemployment: [0.5, 0.5], 'work-injury': [0, 0.4], maternity: [0, 1] } as const;
  const base = 8_462_00;
  const records = (from: string, to: string) => {
    const out = [];
    for (let i = -36; i <= -1; i++) {
      const m = month(i);
      if (m < from || m > to) continue;
      for (const type of types) out.push({ month: m, insuranceType: type, baseFen: base, personalFen: Math.round((base * rates[type][0]) / 100), employerFen: Math.round((base * rates[type][1]) / 100), employer: String.fromCharCode(0x6d66, 0x6c5f) + 'Co.', status: 'paid' as const });
    }
    return out;
  };
  const totals = (rs: ReturnType<typeof records>) =>
    types.map((type) => {
      const of = rs.filter((r) => r.insuranceType === type);
      return { insuranceType: type, months: of.length, personalFen: of.reduce((s, r) => s + r.personalFen, 0), employerFen: of.reduce((s, r) => s + r.employerFen, 0) };
    });
  const now = () => new Date().toISOString();
  const cardStatus = () => ({
    cardNumberMasked: 'M****' + String.fromCharCode(0x35, 0x36, 0x37, 0x38),
    state: control.cardState,
    issuedOn: '2021-03-01',
    validUntil: '2031-03-01',
    lossReportedAt: control.cardState === 'temporarily-lost' ? now() : null,
    applications: [{ applicationId: 'A-1', kind: 'replacement' as const, stage: 'producing' as const, submittedAt: '2026-11-02T02:00:00.000Z', updatedAt: now(), collectAt: null }],
  });
  const permit = () => ({
    permitNumberMasked: holder().idMasked,
    validFrom: '2024-06-01',
    validUntil: '2027-06-01',
    endorsement: { dueBy: '2026-12-31', dueMonth: '2026-12', state: 'due' as const, lastEndorsedOn: '2025-12-10' },
    applications: [],
  });
  w.kiosk.socialSecurity = {
    // What the card decides: a forced outcome, blocked at zero tries, wrong PIN, or opened.
    open: async ({ pin }: { pin: string }) => {
      record('socialSecurity.open', { pin: '***' });
      control.opens++;
      if (control.holdOpen) await new Promise<void>((r) => (waiting = r));
      await new Promise((r) => setTimeout(r, 30));
      const forced = control.openAs;
      if (forced) return forced.startsWith('refused:') ? { outcome: 'refused', code: forced.slice(8) } : { outcome: forced };
      if (control.triesLeft > 0 && pin !== control.pin) control.triesLeft--;
      if (control.triesLeft === 0) return { outcome: 'blocked' };
      if (pin !== control.pin) return { outcome: 'wrong-pin', triesLeft: control.triesLeft };
      session = true;
      return { outcome: 'opened', cardVersion: '3.00', holder: holder(), assurance: 'card-cryptogram', services: ['contributions', 'contribution-statement', 'medical-account', 'card-status', 'loss-report', 'loss-report-cancel'] };
    },
    contributions: (r: { from: string; to: string }) =>
      answer('contributions', r, () => {
        const rs = records(r.from, r.to);
        return { from: r.from, to: r.to, records: rs, totals: totals(rs) };
      }),
    medicalAccount: () =>
      answer('medicalAccount', undefined, () => ({
        balanceFen: 3_456_78,
        creditedThisYearFen: 2_400_00,
        spentThisYearFen: 1_234_56,
        asOf: now(),
        recentEntries: [{ day: '2026-11-20', kind: 'spend', amountFen: 86_50, description: String.fromCharCode(0x95e8, 0x8bca) }],
      })),
    cardStatus: () => answer('cardStatus', undefined, cardStatus),
    cancelLossReport: () =>
      answer('cancelLossReport', undefined, () => {
        control.cardState = 'active';
        return cardStatus();
      }),
    reportLoss: async (r: { idempotencyKey: string }) => {
      control.keys.reportLoss.push(r.idempotencyKey);
      session = true;
      return answer('reportLoss', r, () => {
        control.cardState = 'temporarily-lost';
        return cardStatus();
      });
    },
    printStatement: (r: { from: string; to: string; lang: string }) =>
      answer('printStatement', r, () => {
        const rs = records(r.from, r.to);
        const statement = { code: 'K7QD-3M9X-T2VB-8HCF', verifyUrl: 'https://kiosk.example/verify/K7QD-3M9X-T2VB-8HCF', holderNameMasked: holder().nameMasked, holderIdMasked: holder().idMasked, from: r.from, to: r.to, totals: totals(rs), issuedAt: now() };
        return { statement, print: control.printer === 'ok' ? { ok: true } : { ok: false, error: control.printer } };
      }),
  };
  w.kiosk.permit = {
    read: async () => {
      record('permit.read', undefined);
      await new Promise((r) => setTimeout(r, 30));
      const forced = control.openAs;
      if (forced) return { outcome: forced };
      session = true;
      return { outcome: 'opened', kind: control.document, holder: holder(), assurance: 'id-document', services: ['permit-status', 'permit-endorsement', 'permit-application', 'loss-report', 'mailbox'] };
    },
    status: () => answer('status', undefined, permit),
    progress: () =>
      answer('progress', undefined, () => ({
        applications: [{ applicationId: 'P-7', kind: 'permit-application', stage: 'reviewing', submittedAt: '2026-11-20T02:00:00.000Z', updatedAt: now(), collectAt: null }],
      })),
    endorse: async (r: { idempotencyKey: string }) => {
      control.keys.endorse.push(r.idempotencyKey);
      return answer('endorse', r, () => ({
        result: control.endorseResult,
        bring: control.endorseResult === 'documents-required' ? ['租赁合同或房产证明', 'Tenancy agreement'] : [],
        status: { ...permit(), endorsement: { ...permit().endorsement, state: control.endorseResult === 'endorsed' ? ('endorsed' as const) : ('requested' as const) } },
      }));
    },
  };
  const end = w.kiosk.endSession as () => Promise<void>;
  w.kiosk.endSession = () => {
    session = false;
    return end();
  };
}
