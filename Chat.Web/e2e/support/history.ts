import { HttpTransportType, HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import type { Message } from '../../src/api/types';
import type { ChatNode } from './node';

/** What the node has stored between `name` and `withUserId` (newest last), asked over a hub connection of its own. */
export async function directHistory(node: ChatNode, name: string, password: string, withUserId: number): Promise<Message[]> {
  const response = await fetch(`${node.url}/api/account/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  if (!response.ok) throw new Error(`login ${name}: ${response.status}`);
  const { accessToken } = (await response.json()) as { accessToken: string };
  const hub = new HubConnectionBuilder()
    .withUrl(`${node.url}/hubs/chat`, { accessTokenFactory: () => accessToken, skipNegotiation: true, transport: HttpTransportType.WebSockets })
    .configureLogging(LogLevel.Warning)
    .build();
  await hub.start();
  try {
    return await hub.invoke<Message[]>('GetDirectHistory', withUserId, null, 200);
  } finally {
    await hub.stop();
  }
}
