interface Props {
  id: string;
  title: string;
  drawerOpen: boolean;
  onShowChats(): void;
  onClose(): void;
}

/** The header of a full-pane view (settings, administration), shaped like a conversation's. */
export function PanelHeader({ id, title, drawerOpen, onShowChats, onClose }: Props) {
  return (
    <header class="pane-header">
      <button type="button" class="menu" aria-label="Show chats" aria-controls="sidebar" aria-expanded={drawerOpen} onClick={onShowChats}>
        <span aria-hidden="true">☰</span>
      </button>
      <div class="pane-title">
        <h1 id={id}>{title}</h1>
      </div>
      <div class="pane-actions">
        <button type="button" class="quiet" onClick={onClose}>Close</button>
      </div>
    </header>
  );
}
