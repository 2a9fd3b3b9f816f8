import type { Kysely } from 'kysely';
import { createHash } from 'node:crypto';
import { canonicalRequest, fromBase64Url, readSignatureHeaders } from '@civic-kiosk/protocol/terminal-signing';
import type { TerminalErrorCode } from '@civic-kiosk/protocol/terminal-api';
import type { GroupCommit } from '../db/group-commit.ts';
import type { Database } from '../db/schema.ts';
import type { SignatureVerifier } from './signature-verifier.ts';
import type { TerminalNonceRow } from './tables.ts';
import { statementSlices } from '../db/statement-slices.ts';
import { ApiError } from '../errors.ts';
import type { TerminalPrincipal } from '../http/route.ts';

export interface SignedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Uint8Array;
}

interface TerminalAuthRow {
  id: string;
  name: string;
  group_name: string;
  status: string;
  public_key: string | null;
}

// Saves a read before the signature check. A stale row cannot let a request through: the
// nonce is recorded only if the key that verified it is still the terminal's key.
const ROW_CACHE_MS = 5_000;

const nonceKey = (r: TerminalNonceRow) => `${r.expires_at}\n${r.terminal_id}\n${r.nonce}`;

/** A nonce to record, with the key its request was verified with. */
interface NonceClaim extends TerminalNonceRow {
  public_key: string;
}

/** `superseded`: the terminal was re-keyed or revoked after its row was read. */
type NonceOutcome = 'fresh' | 'replayed' | 'superseded';

/** What a request's signature and nonce are checked with. */
interface Signed {
  signature: Uint8Array | undefined;
  canonical: string;
  nonce: TerminalNonceRow;
}

const settle = (result: TerminalPrincipal | ApiError): TerminalPrincipal => {
  if (result instanceof ApiError) throw result;
  return result;
};

const fail = (code: TerminalErrorCode, status: number, message: string) => new ApiError(code, status, message);

/** The row of a terminal that may sign requests, or why it may not. */
function enrolled(row: TerminalAuthRow | undefined): (TerminalAuthRow & { public_key: string }) | ApiError {
  if (!row || row.public_key === null) return fail('terminal-unknown', 401, 'Unknown or not enrolled terminal');
  if (row.status === 'revoked') return fail('terminal-revoked', 403, 'This terminal has been revoked');
  return { ...row, public_key: row.public_key };
}

/**
 * Checks a terminal's signed request, cheapest test first: headers present, timestamp in
 * the skew window, terminal known and not revoked, signature valid, nonce unused. The nonce
 * is recorded only after the signature checks out, so forged requests cannot burn nonces.
 */
export class TerminalAuthenticator {
  /** Terminal rows by id, briefly: revocation also invalidates them on every instance. */
  private readonly rows = new Map<string, { at: number; row: TerminalAuthRow | undefined }>();

  /** Records nonces, many requests per statement, if each request's key is still current. */
  private readonly recordNonce: (claim: NonceClaim) => Promise<NonceOutcome>;

  constructor(
    private readonly db: Kysely<Database>,
    commits: GroupCommit,
    private readonly signatures: SignatureVerifier,
    private readonly now: () => number,
    private readonly skewMs: number,
  ) {
    this.recordNonce = commits.writer<NonceClaim, NonceOutcome>(async (trx, claims) => {
      // Read in the commit's transaction: a re-enrolment or revocation committed on any
      // instance before this point is seen, whatever this instance has cached.
      const current = new Map<string, string | null>();
      for (const slice of statementSlices([...new Set(claims.map((c) => c.terminal_id))])) {
        const rows = await trx.selectFrom('terminals').select(['id', 'status', 'public_key']).where('id', 'in', slice).execute();
        for (const r of rows) current.set(r.id, r.status === 'revoked' ? null : r.public_key);
      }
      const valid = claims.filter((c) => current.get(c.terminal_id) === c.public_key);
      const inserted =
        valid.length === 0
          ? []
          : await trx
              .insertInto('terminal_nonces')
              .values(valid.map((c) => ({ expires_at: c.expires_at, terminal_id: c.terminal_id, nonce: c.nonce })))
              .onConflict((oc) => oc.columns(['expires_at', 'terminal_id', 'nonce']).doNothing())
              .returning(['expires_at', 'terminal_id', 'nonce'])
              .execute();
      // A nonce repeated within one batch is inserted once: only its first use counts.
      const fresh = new Set(inserted.map(nonceKey));
      return claims.map((c) => (current.get(c.terminal_id) !== c.public_key ? 'superseded' : fresh.delete(nonceKey(c)) ? 'fresh' : 'replayed'));
    });
  }

  /**
   * The checks that need no body, so a request failing them is refused before its body is
   * read: signature headers well formed, timestamp in the window, terminal enrolled and not
   * revoked. `verify` decides; this only refuses early.
   */
  async precheck(headers: SignedRequest['headers']): Promise<void> {
    const { h, t } = this.signatureHeaders(headers);
    if (!(enrolled(this.cached(h.terminalId, t)?.row) instanceof ApiError)) return;
    // As in verify: what a cached row does not let through is decided on the stored row.
    const stored = enrolled(await this.load(h.terminalId, t));
    if (stored instanceof ApiError) throw stored;
  }

  async verify(req: SignedRequest): Promise<TerminalPrincipal> {
    const { h, timestamp, t } = this.signatureHeaders(req.headers);
    const signed: Signed = {
      signature: fromBase64Url(h.signature),
      // The same canonical string as the protocol's WebCrypto verifyRequest, checked with
      // node:crypto's Ed25519, which costs a fraction of the WebCrypto path.
      canonical: canonicalRequest(
        { method: req.method, pathWithQuery: req.url, terminalId: h.terminalId, timestamp, nonce: h.nonce },
        createHash('sha256').update(req.rawBody).digest('hex'),
      ),
      nonce: { terminal_id: h.terminalId, nonce: h.nonce, expires_at: timestamp + this.skewMs },
    };
    const cached = this.cached(h.terminalId, t);
    const first = cached && (await this.check(cached.row, signed));
    if (first && (!(first instanceof ApiError) || first.code === 'terminal-revoked' || first.code === 'nonce-replayed')) return settle(first);
    const stored = await this.load(h.terminalId, t);
    // A cached row may predate an enrolment, a re-enrolment or a revocation: what it did not
    // let through is decided again on the stored row, unless that row is the same.
    if (first && stored?.public_key === cached.row?.public_key && stored?.status === cached.row?.status) return settle(first);
    return settle(await this.check(stored, signed));
  }

  /** Drops the cached row, e.g. after revocation or re-enrolment. */
  invalidate(terminalId: string): void {
    this.rows.delete(terminalId);
  }

  private signatureHeaders(headers: SignedRequest['headers']) {
    const h = readSignatureHeaders(headers);
    if (!h) throw fail('signature-missing', 401, 'The request is not signed');
    if (!/^\d{1,16}$/.test(h.timestamp) || h.nonce.length < 16 || h.nonce.length > 64) {
      throw fail('signature-malformed', 401, 'Signature headers are malformed');
    }
    const timestamp = Number(h.timestamp);
    const t = this.now();
    if (Math.abs(t - timestamp) > this.skewMs) throw fail('timestamp-skew', 401, 'Request timestamp is outside the allowed clock skew');
    return { h, timestamp, t };
  }

  private async check(stored: TerminalAuthRow | undefined, s: Signed): Promise<TerminalPrincipal | ApiError> {
    const row = enrolled(stored);
    if (row instanceof ApiError) return row;
    if (!s.signature || !(await this.signatures.verify(row.public_key, s.canonical, s.signature))) {
      return fail('signature-invalid', 401, 'The request signature does not verify');
    }
    switch (await this.recordNonce({ ...s.nonce, public_key: row.public_key })) {
      case 'fresh':
        return { terminalId: row.id, name: row.name, group: row.group_name };
      case 'replayed':
        return fail('nonce-replayed', 401, 'This request was already received');
      case 'superseded':
        this.invalidate(row.id);
        return fail('signature-invalid', 401, 'The request is signed with a key the terminal no longer has');
    }
  }

  private cached(id: string, t: number): { row: TerminalAuthRow | undefined } | undefined {
    const entry = this.rows.get(id);
    return entry && t - entry.at >= 0 && t - entry.at < ROW_CACHE_MS ? entry : undefined;
  }

  private async load(id: string, t: number): Promise<TerminalAuthRow | undefined> {
    const row = await this.db.selectFrom('terminals').select(['id', 'name', 'group_name', 'status', 'public_key']).where('id', '=', id).executeTakeFirst();
    if (this.rows.size > 50_000) this.rows.clear();
    this.rows.set(id, { at: t, row });
    return row;
  }

  /** Forgets nonces whose timestamps the skew check rejects anyway. */
  async pruneNonces(): Promise<void> {
    await this.db.deleteFrom('terminal_nonces').where('expires_at', '<', this.now() - this.skewMs).execute();
  }
}
