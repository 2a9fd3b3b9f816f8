/**
 * Proof of play: the attract item on screen is reported once it leaves the screen (its time is
 * up, or a touch started a session), with the whole seconds it was shown, never more than its
 * own duration.
 */
import { useEffect } from 'preact/hooks';
import type { AttractItem } from '@civic-kiosk/protocol/content';
import { useKiosk } from '../state/context.ts';

/** `showing` changes with every showing, so an item that follows itself counts each time. */
export function useAttractPlay(item: AttractItem | undefined, showing: number): void {
  const { state, actions } = useKiosk();
  useEffect(() => {
    if (!item) return;
    const shownAt = state.clock.now();
    return () => actions.attractPlayed(item.id, Math.min(item.durationSeconds, Math.round((state.clock.now() - shownAt) / 1000)));
  }, [item?.id, showing]);
}
