/**
 * Draws a decoded receipt (what the virtual printer received) as plain text or as a PNG at
 * printer resolution: 12×24-dot characters, CJK double width, native QR drawn module by module.
 * Used by the demo and by operators to see exactly what a kiosk would have printed.
 */
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import QRCode from 'qrcode';
import type { DecodedBlock } from '../common/escpos/decoder.ts';
import { charWidth, displayWidth } from '../common/escpos/width.ts';
import type { DecodedReceipt } from '../common/sim/virtual-printer.ts';

const FONT_PATH = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
const FONT = 'WenQuanYi Micro Hei';
const DOT_W = 12;
const DOT_H = 24;
const MARGIN = 16;

let fontRegistered = false;
function ensureFont(): void {
  if (fontRegistered) return;
  GlobalFonts.registerFromPath(FONT_PATH, FONT);
  fontRegistered = true;
}

function offsetFor(block: { align: 'left' | 'center' | 'right' }, used: number, columns: number): number {
  const free = Math.max(0, columns - used);
  return block.align === 'left' ? 0 : block.align === 'center' ? Math.floor(free / 2) : free;
}

/** The receipt as fixed-width text: alignment applied, QR codes as a placeholder line. */
export function renderReceiptText(receipt: DecodedReceipt, columns: number): string {
  const out: string[] = [];
  for (const b of receipt.blocks) {
    if (b.kind === 'text') {
      const used = displayWidth(b.text) * b.size;
      out.push(' '.repeat(offsetFor(b, used, columns)) + b.text);
    } else if (b.kind === 'qr') {
      const label = `[QR ${b.data}]`;
      out.push(' '.repeat(offsetFor({ align: 'center' }, displayWidth(label), columns)) + label);
    } else {
      for (let i = 0; i < b.lines; i++) out.push('');
    }
  }
  out.push(receipt.cut ? '-'.repeat(columns) : '(not cut)');
  return `${out.map((l) => l.trimEnd()).join('\n')}\n`;
}

export interface PngOptions {
  columns: number;
  /** Dots per QR module, as the printer profile sends it. */
  qrModuleSize?: number;
}

function blockHeight(b: DecodedBlock, qrModuleSize: number): number {
  if (b.kind === 'text') return DOT_H * b.size;
  if (b.kind === 'feed') return DOT_H * b.lines;
  return QRCode.create(b.data, { errorCorrectionLevel: 'M' }).modules.size * qrModuleSize + DOT_H / 2;
}

function drawText(ctx: SKRSContext2D, b: Extract<DecodedBlock, { kind: 'text' }>, y: number, columns: number): void {
  ctx.font = `${b.bold ? 'bold ' : ''}${DOT_H * b.size - 2}px "${FONT}"`;
  let col = offsetFor(b, displayWidth(b.text) * b.size, columns);
  for (const ch of b.text) {
    ctx.fillText(ch, MARGIN + col * DOT_W, y + DOT_H * b.size - 4);
    col += charWidth(ch) * b.size;
  }
}

function drawQr(ctx: SKRSContext2D, data: string, y: number, width: number, moduleSize: number): void {
  const { modules } = QRCode.create(data, { errorCorrectionLevel: 'M' });
  const x0 = Math.floor((width - modules.size * moduleSize) / 2);
  for (let r = 0; r < modules.size; r++) {
    for (let c = 0; c < modules.size; c++) if (modules.get(r, c)) ctx.fillRect(x0 + c * moduleSize, y + r * moduleSize, moduleSize, moduleSize);
  }
}

/** A PNG of the paper: width = columns × 12 dots plus margins, one 24-dot row per text line. */
export async function renderReceiptPng(receipt: DecodedReceipt, options: PngOptions): Promise<Buffer> {
  ensureFont();
  const moduleSize = options.qrModuleSize ?? (options.columns >= 48 ? 6 : 5);
  const width = options.columns * DOT_W + 2 * MARGIN;
  const height = receipt.blocks.reduce((h, b) => h + blockHeight(b, moduleSize), 0) + 2 * MARGIN + DOT_H;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#000000';
  let y = MARGIN;
  for (const b of receipt.blocks) {
    if (b.kind === 'text') drawText(ctx, b, y, options.columns);
    else if (b.kind === 'qr') drawQr(ctx, b.data, y, width, moduleSize);
    y += blockHeight(b, moduleSize);
  }
  if (receipt.cut) {
    ctx.setLineDash([6, 6]);
    ctx.beginPath();
    ctx.moveTo(0, height - DOT_H / 2);
    ctx.lineTo(width, height - DOT_H / 2);
    ctx.stroke();
  }
  return canvas.encode('png');
}
