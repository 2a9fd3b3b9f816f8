import type { Kysely } from 'kysely';
import { importTerminalPublicKey, platformSubtle, readSignatureHeaders, verifyRequest } from '@civic-kiosk/protocol/terminal-signing';
import type { TerminalErrorCode } from '@civic-kiosk/protocol/terminal-api';
import type { Database } from '../db/schema.ts';
import { ApiError } from '../errors.ts';
import type { TerminalPrincipal } from '../http/route.ts';

export interface SignedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Uint8Array;
}

const fail = (code: TerminalErrorCode, status: number, message: string) => new ApiError(code, status, message);

/**
 * Checks a terminal's signed request, cheapest test first: headers present, timestamp in
 * the skew window, terminal known and not revoked, signature valid, nonce unused. The nonce
 * is recorded only after the signature checks out, so forged requests cannot burn nonces.
 */
export class TerminalAuthenticator {
  private readonly keys = new Map<string, { publicKey: string; key: Promise<unknown> }>();
  private readonly subtle = platformSubtle();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
    private readonly skewMs: number,
  ) {}

  async verify(req: SignedRequest): Promise<TerminalPrincipal> {
    const h = readSignatureHeaders(req.headers);
    if (!h) throw fail('signature-missing', 401, 'The request is not signed');
    if (!/^\d{1,16}$/.test(h.timestamp) || h.nonce.length < 16 || h.nonce.length > 64) {
      throw fail('signature-malformed', 401, 'Signature headers are malformed');
    }
    const timestamp = Number(h.timestamp);
    const t = this.now();
    if (Math.abs(t - timestamp) > this.skewMs) throw fail('timestamp-skew', 401, 'Request timestamp is outside the allowed clock skew');
    const row = await this.db
      .selectFrom('terminals')
      .select(['id', 'name', 'group_name', 'status', 'public_key'])
      .where('id', '=', h.terminalId)
      .executeTakeFirst();
    if (!row || row.public_key === null) throw fail('terminal-unknown', 401, 'Unknown or not enrolled terminal');
    if (row.status === 'revoked') throw fail('terminal-revoked', 403, 'This terminal has been revoked');
    const ok = await verifyRequest(
      { method: req.method, pathWithQuery: req.url, terminalId: h.terminalId, timestamp, nonce: h.nonce, body: req.rawBody },
      h.signature,
      await this.keyOf(row.id, row.public_key),
      this.subtle,
    );
    if (!ok) throw fail('signature-invalid', 401, 'The request signature does not verify');
    const inserted = await this.db
      .insertInto('terminal_nonces')
      .values({ terminal_id: row.id, nonce: h.nonce, expires_at: timestamp + this.skewMs })
      .onConflict((oc) => oc.columns(['terminal_id', 'nonce']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) throw fail('nonce-replayed', 401, 'This request was already received');
    return { terminalId: row.id, name: row.name, group: row.group_name };
  }

  /** Forgets nonces whose timestamps the skew check rejects anyway. */
  async pruneNonces(): Promise<void> {
    await this.db.deleteFrom('terminal_nonces').where('expires_at', '<', this.now() - this.skewMs).execute();
  }

  private keyOf(terminalId: string, publicKey: string): Promise<unknown> {
    const cached = this.keys.get(terminalId);
    if (cached && cached.publicKey === publicKey) return cached.key;
    const key = importTerminalPublicKey(publicKey, this.subtle);
    if (this.keys.size > 50_000) this.keys.clear();
    this.keys.set(terminalId, { publicKey, key });
    return key;
  }
}
