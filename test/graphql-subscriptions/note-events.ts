import { EventEmitter } from 'node:events';
import { PubSub } from 'graphql-subscriptions';

/**
 * The scenario's event bus: graphql-subscriptions' `PubSub`, with a count of the subscriptions
 * listening, so that a spec publishes only once the server side of a subscription is in place.
 */
export class NoteEvents extends PubSub {
  private readonly emitter: EventEmitter;

  constructor() {
    const emitter = new EventEmitter();
    super({ eventEmitter: emitter });
    this.emitter = emitter;
  }

  /** Whether no subscription listens any more, once the clients of a test have gone. */
  idle(): boolean {
    return this.emitter.eventNames().every((trigger) => this.emitter.listenerCount(trigger) === 0);
  }

  /** How many subscriptions listen to `trigger` now. */
  listening(trigger: string): number {
    return this.emitter.listenerCount(trigger);
  }
}
