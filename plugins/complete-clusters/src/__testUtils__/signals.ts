import type { SignalApi } from '@backstage/plugin-signals-react';
import type { JsonObject } from '@backstage/types';

/** A signals API a test speaks through: what the backend's signals would deliver to this browser. */
export class TestSignalApi implements SignalApi {
  private readonly subscribers = new Map<
    string,
    Set<(message: JsonObject) => void>
  >();

  subscribe<TMessage extends JsonObject = JsonObject>(
    channel: string,
    onMessage: (message: TMessage) => void,
  ) {
    const set = this.subscribers.get(channel) ?? new Set();
    const listener = onMessage as (message: JsonObject) => void;
    set.add(listener);
    this.subscribers.set(channel, set);
    return { unsubscribe: () => set.delete(listener) };
  }

  /** Delivers a message on a channel to everyone subscribed to it. */
  deliver(channel: string, message: JsonObject) {
    for (const listener of this.subscribers.get(channel) ?? [])
      listener(message);
  }
}
