/**
 * Daily reconciliation against each biller's settlement: payments left `unknown` (or
 * `pending` with the payer paid) are settled by the biller's record; anything the two sides
 * disagree on is reported for staff, never silently changed.
 */
import type { Kysely } from 'kysely';
import type { BillerKind } from '@civic-kiosk/protocol/gateway';
import { BillerKind as BillerKinds } from '@civic-kiosk/protocol/gateway';
import type { FindingKind, ReconciliationFinding, ReconciliationReport } from '@civic-kiosk/protocol/staff-money';
import type { Actor, AuditLog } from '../audit/audit-log.ts';
import type { Database } from '../db/schema.ts';
import { BackOfficeError, type BackOffices, type BillerPaymentRecord } from '../gateway/adapters.ts';
import type { PaymentService } from './payment-service.ts';
import type { PaymentRow } from './tables.ts';

export type { FindingKind, ReconciliationReport };
type Finding = ReconciliationFinding;

export class Reconciler {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly backOffices: BackOffices,
    private readonly payments: PaymentService,
    private readonly audit: AuditLog,
    private readonly now: () => number,
  ) {}

  async run(actor: Actor, businessDay: string): Promise<ReconciliationReport> {
    const report: ReconciliationReport = { businessDay, billers: [], findings: [] };
    for (const biller of BillerKinds.options) report.billers.push(await this.reconcileBiller(biller, businessDay, report.findings));
    await this.db.insertInto('reconciliation_runs').values({ business_day: businessDay, run_at: this.now(), run_by: actor.name, report: JSON.stringify(report) }).execute();
    await this.audit.record(actor, 'payments.reconcile', { type: 'business-day', id: businessDay }, {
      findings: report.findings.length,
      errors: report.billers.filter((b) => b.error).map((b) => b.biller),
    });
    return report;
  }

  private async reconcileBiller(biller: BillerKind, day: string, findings: Finding[]): Promise<ReconciliationReport['billers'][number]> {
    const line = { biller, checked: 0, matched: 0, serverPaidFen: 0, billerPaidFen: 0, error: null as string | null };
    let settlement: BillerPaymentRecord[];
    try {
      settlement = await this.backOffices.billers[biller].settlement(day);
    } catch (e) {
      if (!(e instanceof BackOfficeError)) throw e;
      line.error = e.code;
      return line;
    }
    const theirs = new Map(settlement.map((r) => [r.key, r]));
    // First move every open payment of the day as far as it goes (a terminal may never have
    // come back to poll after its payer paid).
    const open = await this.db.selectFrom('payments').selectAll().where('biller', '=', biller).where('business_day', '=', day).where('state', 'in', ['pending', 'unknown']).execute();
    for (const after of await this.payments.advanceAll(open)) {
      if (after.state === 'paid') findings.push({ kind: 'resolved-paid', biller, key: after.idempotency_key, paymentId: after.id, reference: after.reference, billerRef: after.biller_ref, serverFen: Number(after.amount_fen), billerFen: Number(after.amount_fen), detail: `settled on reconciliation (${after.biller_ref})` });
    }
    const ours = await this.db.selectFrom('payments').selectAll().where('biller', '=', biller).where('business_day', '=', day).execute();
    // Biller records booked today for payments we created on another day.
    const otherKeys = settlement.map((r) => r.key).filter((k) => !ours.some((p) => p.idempotency_key === k));
    const others = otherKeys.length ? await this.db.selectFrom('payments').selectAll().where('idempotency_key', 'in', otherKeys).execute() : [];
    // Each finding names the payment both ways (our reference, their receipt) with both amounts, so staff can look it up on either side.
    const add = (kind: FindingKind, p: PaymentRow | undefined, r: BillerPaymentRecord | undefined, detail: string) =>
      findings.push({
        kind,
        biller,
        key: p?.idempotency_key ?? r!.key,
        paymentId: p?.id ?? null,
        reference: p?.reference ?? null,
        billerRef: r?.billerRef ?? p?.biller_ref ?? null,
        serverFen: p ? Number(p.amount_fen) : null,
        billerFen: r ? r.amountFen : null,
        detail,
      });

    for (const p of [...ours, ...others]) {
      line.checked++;
      const r = theirs.get(p.idempotency_key);
      theirs.delete(p.idempotency_key);
      if (p.state === 'paid') line.serverPaidFen += Number(p.amount_fen);
      if (r?.state === 'paid') line.billerPaidFen += r.amountFen;
      if ((p.state === 'unknown' || p.state === 'pending') && r?.state === 'paid') {
        await this.payments.move(p, 'biller-confirmed', { biller_ref: r.billerRef, failure_code: null, failure_message: null });
        line.serverPaidFen += Number(p.amount_fen);
        add('resolved-paid', p, r, `biller booked it as ${r.billerRef}`);
      } else if (p.state === 'unknown' && !r) {
        await this.payments.refund(p);
        await this.payments.move(p, 'reconciled-absent', { failure_code: 'biller-never-booked', failure_message: 'The biller has no record; the payer was refunded', refunded_at: this.now() });
        add('resolved-failed', p, r, 'biller has no record; refunded the payer');
      } else if (p.state === 'paid' && !r) {
        add('missing-at-biller', p, r, 'paid here, absent from the biller settlement');
      } else if (r && ((p.state === 'paid' && r.state === 'reversed') || (p.state === 'reversed' && r.state === 'paid'))) {
        add('reversal-differs', p, r, `server says ${p.state}, biller says ${r.state}`);
      } else if (r && r.amountFen !== Number(p.amount_fen)) {
        add('amount-differs', p, r, `server ${p.amount_fen} fen, biller ${r.amountFen} fen`);
      } else {
        line.matched++;
      }
    }
    for (const r of theirs.values()) {
      if (r.state === 'paid') line.billerPaidFen += r.amountFen;
      add('unknown-to-server', undefined, r, `biller booked ${r.amountFen} fen (${r.billerRef}) that this server never made`);
    }
    return line;
  }
}
