/**
 * CSV downloads for staff (RFC 4180, CRLF line ends, a UTF-8 BOM so spreadsheets read Chinese
 * text right). Any text cell a spreadsheet would run as a formula (starting with = + - @, tab
 * or CR) gets a leading apostrophe: names, terminal ids and log details can be shaped by
 * someone else and are never trusted.
 */

export type CsvValue = string | number | null;

export function csvCell(value: CsvValue): string {
  let text = value === null ? '' : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvDocument(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
