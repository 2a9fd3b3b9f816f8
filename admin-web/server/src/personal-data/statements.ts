/**
 * Contribution statements (参保缴费证明). The server keeps what it certified, keyed by an
 * unguessable verification code; the public check page shows it back, so a statement whose
 * code the server never issued, or whose printed figures differ, is found out.
 */
import { randomBytes } from 'node:crypto';
import { InsuranceType, statementVerifyPath, type ContributionRecord, type ContributionStatement, type ContributionTotal } from '@civic-kiosk/protocol/gateway';
import { normaliseStatementCode, STATEMENT_CODE_RANDOM_SYMBOLS, statementCodeFromRandom } from '@civic-kiosk/protocol/statement-code';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { ApiError } from '../errors.ts';
import type { ContributionStatementRow } from './tables.ts';
import type { Holder } from './holder-sessions.ts';

/** Sums per insurance type, in InsuranceType order; months counts the months with a record. */
export function contributionTotals(records: readonly ContributionRecord[]): ContributionTotal[] {
  return InsuranceType.options.map((insuranceType) => {
    const of = records.filter((r) => r.insuranceType === insuranceType);
    return {
      insuranceType,
      months: new Set(of.map((r) => r.month)).size,
      personalFen: of.reduce((sum, r) => sum + r.personalFen, 0),
      employerFen: of.reduce((sum, r) => sum + r.employerFen, 0),
    };
  });
}

export class ContributionStatements {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
    private readonly publicUrl: string,
  ) {}

  /**
   * Issues a statement for the holder; the same idempotency key returns the first statement
   * (a retried print must not mint a second code), for the same holder and period only.
   */
  async issue(terminalId: string, holder: Holder, req: { idempotencyKey: string; from: string; to: string }, totals: ContributionTotal[]): Promise<ContributionStatement> {
    const row: ContributionStatementRow = {
      code: statementCodeFromRandom(randomBytes(STATEMENT_CODE_RANDOM_SYMBOLS)),
      terminal_id: terminalId,
      idempotency_key: req.idempotencyKey,
      holder_hash: holder.holderHash,
      holder_name_masked: holder.nameMasked,
      holder_id_masked: holder.idMasked,
      period_from: req.from,
      period_to: req.to,
      totals: JSON.stringify(totals),
      issued_at: this.now(),
    };
    const inserted = await this.db.insertInto('contribution_statements').values(row).onConflict((oc) => oc.column('idempotency_key').doNothing()).returning('code').executeTakeFirst();
    if (inserted) return this.view(row);
    const first = await this.db.selectFrom('contribution_statements').selectAll().where('idempotency_key', '=', req.idempotencyKey).executeTakeFirstOrThrow();
    if (first.holder_hash !== holder.holderHash || first.period_from !== req.from || first.period_to !== req.to) {
      throw new ApiError('idempotency-conflict', 409, 'This idempotency key was used for another statement');
    }
    return this.view(first);
  }

  /** The statement with this code (any typed form of it), or undefined. */
  async find(code: string): Promise<ContributionStatement | undefined> {
    const canonical = normaliseStatementCode(code);
    if (!canonical) return undefined;
    const row = await this.db.selectFrom('contribution_statements').selectAll().where('code', '=', canonical).executeTakeFirst();
    return row && this.view(row);
  }

  private view(r: ContributionStatementRow): ContributionStatement {
    return {
      code: r.code,
      verifyUrl: new URL(statementVerifyPath(r.code), this.publicUrl).toString(),
      holderNameMasked: r.holder_name_masked,
      holderIdMasked: r.holder_id_masked,
      from: r.period_from,
      to: r.period_to,
      totals: JSON.parse(r.totals) as ContributionTotal[],
      issuedAt: new Date(Number(r.issued_at)).toISOString(),
    };
  }
}

