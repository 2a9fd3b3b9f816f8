/** A QR code drawn locally as SVG (the payload never leaves the terminal to be rendered). */
import { create } from 'qrcode';

export function QrCode({ payload, label, class: className, testId }: { payload: string; label: string; class: string; testId: string }) {
  const { modules } = create(payload, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  let d = '';
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) if (modules.get(y, x)) d += `M${x + 4} ${y + 4}h1v1h-1z`;
  return (
    <svg class={className} role="img" aria-label={label} viewBox={`0 0 ${n + 8} ${n + 8}`} shape-rendering="crispEdges" data-testid={testId} data-payload={payload}>
      <rect width={n + 8} height={n + 8} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
