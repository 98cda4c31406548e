/**
 * Domain events an aggregate recorded since it was loaded; the use case pulls them once
 * and turns them into outbox messages inside the same transaction.
 */
export class RecordedEvents<E> {
  #events: E[] = [];

  record(event: E): void {
    this.#events.push(event);
  }

  pull(): E[] {
    const events = this.#events;
    this.#events = [];
    return events;
  }

  get pending(): readonly E[] {
    return this.#events;
  }
}
