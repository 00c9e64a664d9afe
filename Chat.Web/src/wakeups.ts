interface Page extends EventTarget {
  readonly visibilityState: DocumentVisibilityState;
}

/**
 * Calls `wake` when trying to connect again is likely to work at once: the browser is back online, or
 * the tab is shown again (hidden tabs' timers are throttled, so their waits run long). Returns a
 * function that stops listening.
 */
export function onWakeUp(win: EventTarget, doc: Page, wake: () => void): () => void {
  const online = () => wake();
  const shown = () => doc.visibilityState === 'visible' && wake();
  win.addEventListener('online', online);
  doc.addEventListener('visibilitychange', shown);
  return () => {
    win.removeEventListener('online', online);
    doc.removeEventListener('visibilitychange', shown);
  };
}
