/**
 * The public page that says whether a contribution statement is genuine, in Chinese and
 * English. Static HTML: no script, styles allowed by hash only, nothing loaded from anywhere.
 */
import { createHash } from 'node:crypto';
import type { ContributionStatement, InsuranceType } from '@civic-kiosk/protocol/gateway';
import { shanghaiTime } from '@civic-kiosk/protocol/china-time';

const STYLE = `body{font-family:system-ui,"PingFang SC","Noto Sans CJK SC",sans-serif;margin:0;background:#f4f6f8;color:#1b1f24}
main{max-width:40rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:.5rem}
h1{font-size:1.4rem}.en{color:#555;font-size:.9em}.verdict{font-size:1.2rem;font-weight:700;padding:.75rem;border-radius:.35rem}
.ok{background:#e3f5e8;color:#0d5c2a}.bad{background:#fde8e8;color:#8a1414}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem;border-bottom:1px solid #ddd}dt{font-weight:600}dd{margin:0 0 .6rem}`;

/** The Content-Security-Policy of the page: the one inline style by its hash, nothing else. */
export const VERIFY_PAGE_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

const INSURANCE: Record<InsuranceType, [zh: string, en: string]> = {
  pension: ['养老保险', 'Pension'],
  medical: ['医疗保险', 'Medical'],
  unemployment: ['失业保险', 'Unemployment'],
  'work-injury': ['工伤保险', 'Work injury'],
  maternity: ['生育保险', 'Maternity'],
};

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
const yuan = (fen: number) => (fen / 100).toFixed(2);

function page(body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer"><title>参保缴费证明核验 · Contribution statement check</title><style>${STYLE}</style></head><body><main><h1>参保缴费证明核验 <span class="en" lang="en">Contribution statement check</span></h1>${body}</main></body></html>`;
}

export type VerifyOutcome = { kind: 'genuine'; statement: ContributionStatement } | { kind: 'not-genuine' } | { kind: 'rate-limited' };

export function renderVerifyPage(outcome: VerifyOutcome): string {
  if (outcome.kind === 'rate-limited') {
    return page('<p class="verdict bad">查询过于频繁，请稍后再试。<br><span class="en" lang="en">Too many checks from this address; try again in a minute.</span></p>');
  }
  if (outcome.kind === 'not-genuine') {
    return page('<p class="verdict bad">✗ 证明不真实：没有以此核验码出具的证明。<br><span class="en" lang="en">Not genuine: no statement was issued with this code.</span></p>');
  }
  const s = outcome.statement;
  const rows = s.totals
    .map((t) => `<tr><td>${INSURANCE[t.insuranceType][0]} <span class="en" lang="en">${INSURANCE[t.insuranceType][1]}</span></td><td>${t.months}</td><td>${yuan(t.personalFen)}</td><td>${yuan(t.employerFen)}</td></tr>`)
    .join('');
  return page(`<p class="verdict ok">✓ 证明真实有效 <span class="en" lang="en">This statement is genuine</span></p>
<dl><dt>核验码 <span class="en" lang="en">Code</span></dt><dd>${esc(s.code)}</dd>
<dt>参保人 <span class="en" lang="en">Holder</span></dt><dd>${esc(s.holderNameMasked)} · ${esc(s.holderIdMasked)}</dd>
<dt>缴费期间 <span class="en" lang="en">Period</span></dt><dd>${esc(s.from)} – ${esc(s.to)}</dd>
<dt>出具时间 <span class="en" lang="en">Issued</span></dt><dd>${esc(shanghaiTime(Date.parse(s.issuedAt)))} (UTC+8)</dd></dl>
<table><thead><tr><th>险种 <span class="en" lang="en">Insurance</span></th><th>月数 <span class="en" lang="en">Months</span></th><th>个人缴费（元） <span class="en" lang="en">Personal (yuan)</span></th><th>单位缴费（元） <span class="en" lang="en">Employer (yuan)</span></th></tr></thead><tbody>${rows}</tbody></table>`);
}
