import { describe, expect, it, vi } from 'vitest';
import { onWakeUp } from './wakeups';

function fakePage() {
  const win = new EventTarget();
  const doc = Object.assign(new EventTarget(), { visibilityState: 'hidden' as DocumentVisibilityState });
  const show = (state: DocumentVisibilityState) => {
    doc.visibilityState = state;
    doc.dispatchEvent(new Event('visibilitychange'));
  };
  return { win, doc, show };
}

describe('wake-ups', () => {
  it('wakes when the browser is back online', () => {
    const { win, doc } = fakePage();
    const wake = vi.fn();
    onWakeUp(win, doc, wake);

    win.dispatchEvent(new Event('online'));

    expect(wake).toHaveBeenCalledOnce();
  });

  it('wakes when the tab is shown again, not when it is hidden', () => {
    const { win, doc, show } = fakePage();
    const wake = vi.fn();
    onWakeUp(win, doc, wake);

    show('hidden');
    expect(wake).not.toHaveBeenCalled();
    show('visible');
    expect(wake).toHaveBeenCalledOnce();
  });

  it('stops listening when told', () => {
    const { win, doc, show } = fakePage();
    const wake = vi.fn();
    const stop = onWakeUp(win, doc, wake);

    stop();
    win.dispatchEvent(new Event('online'));
    show('visible');

    expect(wake).not.toHaveBeenCalled();
  });
});
