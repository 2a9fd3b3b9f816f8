/** What the encoder needs to know about a printer model. */
export interface PrinterProfile {
  readonly name: string;
  /** Characters per line in the standard 12×24 font (CJK glyphs take two). */
  readonly columns: 32 | 48;
  /** QR module size in dots: bigger on the wider paper so a phone reads it from arm's length. */
  readonly qrModuleSize: number;
  /** Lines fed before the cut so the last line clears the cutter. */
  readonly feedBeforeCut: number;
}

export const PRINTER_PROFILES = {
  '58mm': { name: '58mm', columns: 32, qrModuleSize: 5, feedBeforeCut: 4 },
  '80mm': { name: '80mm', columns: 48, qrModuleSize: 6, feedBeforeCut: 4 },
} as const satisfies Record<string, PrinterProfile>;

export function profileForColumns(columns: 32 | 48): PrinterProfile {
  return columns === 32 ? PRINTER_PROFILES['58mm'] : PRINTER_PROFILES['80mm'];
}
