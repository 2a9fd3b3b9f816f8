import type { Kysely } from 'kysely';
import { createHash } from 'node:crypto';
import { canonicalRequest, fromBase64Url, readSignatureHeaders } from '@civic-kiosk/protocol/terminal-signing';
import type { TerminalErrorCode } from '@civic-kiosk/protocol/terminal-api';
import type { GroupCommit } from '../db/group-commit.ts';
import type { Database } from '../db/schema.ts';
import type { SignatureVerifier } from './signature-verifier.ts';
import type { TerminalNonceRow } from './tables.ts';
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

// Bounds how long another instance may accept a terminal revoked elsewhere if its
// notification were lost; revocation on the same instance takes effect at once.
const ROW_CACHE_MS = 5_000;

const nonceKey = (r: TerminalNonceRow) => `${r.expires_at}\n${r.terminal_id}\n${r.nonce}`;

const fail = (code: TerminalErrorCode, status: number, message: string) => new ApiError(code, status, message);

/**
 * Checks a terminal's signed request, cheapest test first: headers present, timestamp in
 * the skew window, terminal known and not revoked, signature valid, nonce unused. The nonce
 * is recorded only after the signature checks out, so forged requests cannot burn nonces.
 */
export class TerminalAuthenticator {
  /** Terminal rows by id, briefly: revocation also invalidates them on every instance. */
  private readonly rows = new Map<string, { at: number; row: TerminalAuthRow | undefined }>();

  /** Records nonces, many requests per statement; true for each nonce not seen before. */
  private readonly recordNonce: (row: TerminalNonceRow) => Promise<boolean>;

  constructor(
    private readonly db: Kysely<Database>,
    commits: GroupCommit,
    private readonly signatures: SignatureVerifier,
    private readonly now: () => number,
    private readonly skewMs: number,
  ) {
    this.recordNonce = commits.writer<TerminalNonceRow, boolean>(async (trx, rows) => {
      const inserted = await trx
        .insertInto('terminal_nonces')
        .values([...rows])
        .onConflict((oc) => oc.columns(['expires_at', 'terminal_id', 'nonce']).doNothing())
        .returning(['expires_at', 'terminal_id', 'nonce'])
        .execute();
      // A nonce repeated within one batch is inserted once: only its first use counts.
      const fresh = new Set(inserted.map(nonceKey));
      return rows.map((r) => fresh.delete(nonceKey(r)));
    });
  }

  async verify(req: SignedRequest): Promise<TerminalPrincipal> {
    const h = readSignatureHeaders(req.headers);
    if (!h) throw fail('signature-missing', 401, 'The request is not signed');
    if (!/^\d{1,16}$/.test(h.timestamp) || h.nonce.length < 16 || h.nonce.length > 64) {
      throw fail('signature-malformed', 401, 'Signature headers are malformed');
    }
    const timestamp = Number(h.timestamp);
    const t = this.now();
    if (Math.abs(t - timestamp) > this.skewMs) throw fail('timestamp-skew', 401, 'Request timestamp is outside the allowed clock skew');
    const row = await this.terminal(h.terminalId);
    if (!row || row.public_key === null) throw fail('terminal-unknown', 401, 'Unknown or not enrolled terminal');
    if (row.status === 'revoked') throw fail('terminal-revoked', 403, 'This terminal has been revoked');
    // The same canonical string as the protocol's WebCrypto verifyRequest, checked with
    // node:crypto's Ed25519, which costs a fraction of the WebCrypto path.
    const signature = fromBase64Url(h.signature);
    const digest = createHash('sha256').update(req.rawBody).digest('hex');
    const canonical = canonicalRequest({ method: req.method, pathWithQuery: req.url, terminalId: h.terminalId, timestamp, nonce: h.nonce }, digest);
    if (!signature || !(await this.signatures.verify(row.public_key, canonical, signature))) {
      throw fail('signature-invalid', 401, 'The request signature does not verify');
    }
    const fresh = await this.recordNonce({ terminal_id: row.id, nonce: h.nonce, expires_at: timestamp + this.skewMs });
    if (!fresh) throw fail('nonce-replayed', 401, 'This request was already received');
    return { terminalId: row.id, name: row.name, group: row.group_name };
  }

  /** Drops the cached row, e.g. after revocation. */
  invalidate(terminalId: string): void {
    this.rows.delete(terminalId);
  }

  private async terminal(id: string): Promise<TerminalAuthRow | undefined> {
    const t = this.now();
    const cached = this.rows.get(id);
    if (cached && t - cached.at >= 0 && t - cached.at < ROW_CACHE_MS) return cached.row;
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
