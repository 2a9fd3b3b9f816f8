/** Opening the receipt printer for the printer commands: serial port, driver, typed failures. */
import { PrinterError, ReceiptPrinter } from '../../../common/receipt-printer.ts';
import { TransportError } from '../../../common/transport.ts';
import { gb18030Encoder } from '../../gb18030.ts';
import { systemScheduler } from '../../system-scheduler.ts';
import { SerialTransport } from '../../transport/serial-transport.ts';
import { CliError, EXIT } from '../command.ts';

export const PRINTER_FLAGS = {
  port: { type: 'string', required: true },
  baud: { type: 'number', default: 9600, integer: true, min: 300, max: 921600 },
} as const;

/** Runs `use` with an open printer and closes the port afterwards, whatever happens. */
export async function withPrinter<T>(port: string, baudRate: number, use: (printer: ReceiptPrinter) => Promise<T>): Promise<T> {
  let transport: SerialTransport;
  try {
    transport = await SerialTransport.open({ path: port, baudRate });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new CliError('printer-absent', EXIT.printer, { port, message }, message);
  }
  const printer = new ReceiptPrinter(transport, systemScheduler, { textEncoder: gb18030Encoder });
  try {
    return await use(printer);
  } catch (e) {
    if (e instanceof PrinterError || e instanceof TransportError) throw new CliError(e instanceof PrinterError ? e.code : 'offline', EXIT.printer, { port }, e.message);
    throw e;
  } finally {
    printer.dispose();
    await transport.close().catch(() => undefined);
  }
}
