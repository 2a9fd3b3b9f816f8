import { readFile } from 'node:fs/promises';
import { ReceiptJob } from '../../../common/receipt-job.ts';
import { CliError, EXIT, type CliCommand } from '../command.ts';
import { parseArgs } from '../args.ts';
import { PRINTER_FLAGS, withPrinter } from './printer-port.ts';

async function readJob(file: string): Promise<ReceiptJob> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new CliError('receipt-unreadable', EXIT.usage, { file }, `cannot read ${file}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CliError('invalid-receipt', EXIT.usage, { file, message: `not JSON: ${(e as Error).message}` }, `${file} is not JSON`);
  }
  const parsed = ReceiptJob.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new CliError('invalid-receipt', EXIT.usage, { file, issues }, `${file} is not a valid receipt: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

export const printCommand: CliCommand = {
  name: 'print',
  usage: '--port PATH --receipt FILE [--baud N]',
  summary: 'Prints a receipt (ReceiptJob JSON) on an ESC/POS printer; refuses, sending nothing, when paper is out or the cover is open.',
  async run(args, io) {
    const a = parseArgs(args, { ...PRINTER_FLAGS, receipt: { type: 'string', required: true } });
    const job = await readJob(a.receipt);
    const { result, nearEnd } = await withPrinter(a.port, a.baud, async (printer) => {
      let nearEnd = false;
      printer.onStatus((s) => {
        nearEnd = s.paper === 'near-end';
      });
      return { result: await printer.print(job), nearEnd };
    });
    if (!result.ok) throw new CliError(result.error, EXIT.printer, {}, `not printed: ${result.error}`);
    if (nearEnd) io.info('paper is near its end: replace the roll soon');
    io.json({ ok: true, paper: nearEnd ? 'near-end' : 'ok' });
    return EXIT.ok;
  },
};
