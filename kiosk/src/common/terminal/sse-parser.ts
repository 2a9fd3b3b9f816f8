/**
 * Server-sent events parser (the WHATWG event-stream format), sans-I/O: text chunks in,
 * complete events out. A chunk may end anywhere, even inside a line or a CRLF pair.
 */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
  retry?: number;
}

/** Longest line kept; a server that never ends a line cannot make the terminal run out of memory. */
const MAX_LINE = 1 << 20;

export class SseParseError extends Error {
  override readonly name = 'SseParseError';
  readonly code = 'sse-line-too-long';
}

export class SseParser {
  #buffer = '';
  #event = '';
  #data: string[] = [];
  #id: string | undefined;
  #retry: number | undefined;
  #sawCr = false;

  /** Feeds decoded text; returns the events it completed. Throws `SseParseError` on an endless line. */
  push(text: string): SseEvent[] {
    const out: SseEvent[] = [];
    for (const ch of text) {
      if (this.#sawCr) {
        this.#sawCr = false;
        if (ch === '\n') continue;
      }
      if (ch === '\r' || ch === '\n') {
        this.#sawCr = ch === '\r';
        this.#line(this.#buffer, out);
        this.#buffer = '';
      } else {
        this.#buffer += ch;
        if (this.#buffer.length > MAX_LINE) throw new SseParseError('event-stream line too long');
      }
    }
    return out;
  }

  #line(line: string, out: SseEvent[]): void {
    if (line === '') {
      if (this.#data.length > 0) {
        const e: SseEvent = { event: this.#event || 'message', data: this.#data.join('\n') };
        if (this.#id !== undefined) e.id = this.#id;
        if (this.#retry !== undefined) e.retry = this.#retry;
        out.push(e);
      }
      this.#event = '';
      this.#data = [];
      this.#retry = undefined;
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.#event = value;
        break;
      case 'data':
        this.#data.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) this.#id = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.#retry = Number(value);
        break;
    }
  }
}
