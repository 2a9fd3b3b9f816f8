/** `terminal.*`: what the UI asks of the terminal itself (info, enrolment, reports, staff PIN). */
import type { ScreenState, TerminalEvent, TerminalInfo } from '../../common/bridge.ts';
import type { ServiceHandlers } from '../../common/bridge-channels.ts';
import type { Enrolment } from '../terminal/enrolment.ts';
import type { StaffPinGuard } from '../terminal/staff-pin.ts';

export interface TerminalHandlerDeps {
  info: () => TerminalInfo;
  enrolment: Enrolment;
  setScreen: (state: ScreenState) => void;
  report: (event: TerminalEvent) => Promise<void>;
  staffPin: Pick<StaffPinGuard, 'verify'>;
}

export function terminalHandlers(d: TerminalHandlerDeps): ServiceHandlers<'terminal'> {
  return {
    'terminal.info': async () => d.info(),
    'terminal.enrol': async ({ serverUrl, code }) => {
      await d.enrolment.enrol(serverUrl, code);
      return d.info();
    },
    'terminal.reportScreen': async (state) => d.setScreen(state),
    'terminal.reportEvent': async (event) => d.report(event),
    'terminal.verifyStaffPin': async ({ pin }) => d.staffPin.verify(pin),
  };
}
