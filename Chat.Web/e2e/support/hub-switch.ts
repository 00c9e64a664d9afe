import type { BrowserContext, WebSocketRoute } from 'playwright-core';

const separator = '\x1e';

interface HubRecord {
  type?: number;
  target?: string;
  invocationId?: string;
}

function records(frame: string): string[] {
  return frame.split(separator).filter(Boolean);
}

function parse(record: string): HubRecord {
  try {
    return JSON.parse(record) as HubRecord;
  } catch {
    return {};
  }
}

/**
 * A browser's hub traffic through a switch: open passes it to the node, cut drops every socket and
 * refuses new ones. With `loseAnswers`, the node's answers to SendMessage (and SendDirect/SendGroup) never reach the
 * page, as when a node dies right after storing a message.
 */
export class HubSwitch {
  open = true;
  loseAnswers = false;
  /** Connection attempts the page made. */
  attempts = 0;
  private readonly sockets = new Set<WebSocketRoute>();

  private constructor() {}

  static async on(context: BrowserContext): Promise<HubSwitch> {
    const hubSwitch = new HubSwitch();
    await context.routeWebSocket(/\/hubs\/chat/, (ws) => hubSwitch.route(ws));
    return hubSwitch;
  }

  async cut(): Promise<void> {
    this.open = false;
    for (const ws of this.sockets) await ws.close({ code: 4000, reason: 'cut off' });
  }

  private route(ws: WebSocketRoute): void {
    this.attempts++;
    if (!this.open) {
      void ws.close({ code: 4000, reason: 'cut off' });
      return;
    }
    const server = ws.connectToServer();
    this.sockets.add(ws);
    const lost = new Set<string>();
    ws.onMessage((frame) => {
      if (this.loseAnswers && typeof frame === 'string') {
        for (const r of records(frame).map(parse)) {
          if (r.type === 1 && r.invocationId && /^Send(Direct|Group|Message)$/.test(r.target ?? '')) lost.add(r.invocationId);
        }
      }
      server.send(frame);
    });
    server.onMessage((frame) => {
      if (typeof frame !== 'string') return ws.send(frame);
      const kept = records(frame).filter((r) => {
        const { type, invocationId } = parse(r);
        return !(type === 3 && invocationId && lost.has(invocationId));
      });
      if (kept.length > 0) ws.send(kept.map((r) => r + separator).join(''));
    });
    ws.onClose(() => {
      this.sockets.delete(ws);
      void server.close();
    });
    server.onClose(() => void ws.close());
  }
}
