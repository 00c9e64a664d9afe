import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

export interface MenuItem {
  label: string;
  danger?: boolean;
  onSelect(): void;
}

/**
 * A menu button (WAI-ARIA menu pattern): Enter, Space or ArrowDown opens it on the first item, arrows
 * move, Escape or Tab closes it, and focus goes back to the button.
 */
export function Menu({ label, items }: { label: string; items: MenuItem[] }) {
  const [open, setOpen] = useState(false);
  const [flipped, setFlipped] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const entries = () => Array.from(list.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? []);

  // Before the next key press can arrive: a key pressed at once goes to the menu, not the button.
  useLayoutEffect(() => {
    if (open) entries()[0]?.focus();
    if (!open) setFlipped(false);
  }, [open]);

  // A menu that would stick out of its scrolling area (a message's, opening upwards near the top) opens the other way.
  useLayoutEffect(() => {
    const el = list.current;
    if (!open || flipped || !el) return;
    const area = el.closest('[role="log"]')?.getBoundingClientRect() ?? { top: 0, bottom: window.innerHeight };
    const box = el.getBoundingClientRect();
    if (box.top < area.top || box.bottom > area.bottom) setFlipped(true);
  }, [open, flipped]);

  useEffect(() => {
    if (!open) return;
    const outside = (e: MouseEvent) => {
      if (!list.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  const onKey = (e: KeyboardEvent) => {
    const all = entries();
    const at = all.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Tab') {
      setOpen(false);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      all[(at + step + all.length) % all.length]?.focus();
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      (e.key === 'Home' ? all[0] : all.at(-1))?.focus();
    }
  };

  const onEscape = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || !open) return;
    // Not the drawer's Escape as well.
    e.stopPropagation();
    close();
  };

  return (
    <div class="menu-wrap" onKeyDown={onEscape}>
      <button type="button" ref={button} class="quiet menu-button" aria-label={label} aria-haspopup="menu" aria-expanded={open}
        onClick={() => setOpen(!open)}
        onKeyDown={(e) => e.key === 'ArrowDown' && (e.preventDefault(), setOpen(true))}>
        <span aria-hidden="true">⋯</span>
      </button>
      {open && (
        <ul class={flipped ? 'menu-list flipped' : 'menu-list'} role="menu" aria-label={label} ref={list} onKeyDown={onKey}>
          {items.map((item) => (
            <li key={item.label} role="none">
              <button type="button" role="menuitem" class={item.danger ? 'danger' : undefined}
                onClick={() => (close(), item.onSelect())}>
                {item.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
