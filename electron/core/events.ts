import type { EventName, EventPayloads } from '../contract';
import type { EventSource } from './dispatch';

type Listener = <E extends EventName>(event: E, payload: EventPayloads[E]) => void;

/** The core's outgoing events; every host subscribes the same way. */
export class CoreEvents implements EventSource {
  private readonly listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    for (const listener of this.listeners) {
      try {
        listener(event, payload);
      } catch {
        // One broken subscriber (a closed window, a dropped socket) must not stop the others.
      }
    }
  }
}
