/**
 * Locks the kit after a spell without input, so a laptop left at the
 * distribution point cannot record handouts under someone else's name.
 */
import { useEffect, useRef } from 'react';

/** Minutes without a key press, click, touch or pointer movement before the kit locks. */
export const IDLE_LOCK_MINUTES = 5;
export const IDLE_LOCK_MS = IDLE_LOCK_MINUTES * 60_000;

const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart', 'input'] as const;

/**
 * Calls `onIdle` once after `idleMs` without input. Activity only stamps a
 * time (no timer churn on every mouse move); a coarse interval compares it,
 * and a page that comes back from the background is checked at once.
 */
export function useIdleLock(onIdle: () => void, idleMs: number = IDLE_LOCK_MS): void {
  const callback = useRef(onIdle);
  useEffect(() => {
    callback.current = onIdle;
  }, [onIdle]);

  useEffect(() => {
    let last = Date.now();
    let fired = false;
    const touch = (): void => {
      last = Date.now();
    };
    const check = (): void => {
      if (!fired && Date.now() - last >= idleMs) {
        fired = true;
        callback.current();
      }
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, touch, { capture: true, passive: true });
    document.addEventListener('visibilitychange', check);
    const timer = window.setInterval(check, Math.max(250, Math.min(15_000, idleMs / 4)));
    return () => {
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, touch, { capture: true });
      document.removeEventListener('visibilitychange', check);
      window.clearInterval(timer);
    };
  }, [idleMs]);
}
