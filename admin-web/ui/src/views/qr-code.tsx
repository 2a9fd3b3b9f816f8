/** A QR code drawn here as SVG: the enrolment code never leaves the page to be rendered. */
import type { JSX } from 'preact';
import { create } from 'qrcode';

/** Light modules around the code, as the QR standard asks for scanners to find it. */
const QUIET = 4;

export function QrCode({ payload, label }: { payload: string; label: string }): JSX.Element {
  const { modules } = create(payload, { errorCorrectionLevel: 'M' });
  const size = modules.size + 2 * QUIET;
  const dark: string[] = [];
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) if (modules.get(row, col)) dark.push(`M${col + QUIET},${row + QUIET}h1v1h-1z`);
  }
  return (
    <svg class="qr" role="img" aria-label={label} viewBox={`0 0 ${size} ${size}`} shape-rendering="crispEdges" data-payload={payload}>
      <rect width={size} height={size} fill="#fff" />
      <path d={dark.join('')} fill="#000" />
    </svg>
  );
}
