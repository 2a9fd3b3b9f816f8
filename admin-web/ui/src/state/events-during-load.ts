/**
 * Live events that arrived while a load was in flight. A load's answer is what the server read
 * when it answered, and the event stream may deliver later changes first: a view that simply
 * took the answer would undo a change it had already shown, or drop an event that came before
 * its first answer. Each load takes the events recorded since it began and applies them again
 * on top of its answer (events are whole new states, so applying one twice is harmless).
 */
export class EventsDuringLoad<E> {
  #log: E[] = [];
  /** Events recorded before #log[0], already forgotten. */
  #forgotten = 0;
  #inFlight = 0;

  /** A load begins; call the result when its answer (or failure) is in: it gives the events since. */
  begin(): () => E[] {
    const from = this.#forgotten + this.#log.length;
    this.#inFlight += 1;
    let ended = false;
    return () => {
      if (ended) return [];
      ended = true;
      this.#inFlight -= 1;
      const since = this.#log.slice(from - this.#forgotten);
      if (this.#inFlight === 0) {
        this.#forgotten += this.#log.length;
        this.#log = [];
      }
      return since;
    };
  }

  /** An event arrived; kept only while some load may need it. */
  record(event: E): void {
    if (this.#inFlight > 0) this.#log.push(event);
  }
}
