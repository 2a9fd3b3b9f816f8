/**
 * The hidden staff gesture: five taps in the top-left corner within three seconds. Not a
 * control (no role, not focusable), so the public neither sees nor reaches it by keyboard.
 */
import { useRef } from 'preact/hooks';
import { registerTap } from '../../../common/staff-gesture.ts';
import { useKiosk } from '../../state/context.ts';

export function StaffCorner() {
  const { state, actions } = useKiosk();
  const taps = useRef<number[]>([]);
  const onPointerDown = (e: PointerEvent) => {
    // Taps here must not also start a session or press what lies beneath.
    e.stopPropagation();
    const r = registerTap(taps.current, state.clock.now());
    taps.current = r.taps;
    if (r.triggered) actions.staffGesture();
  };
  return <div class="staff-corner" data-testid="staff-corner" onPointerDown={onPointerDown} />;
}
