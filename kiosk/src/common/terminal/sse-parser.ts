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
    let i = 0;
    // A CRLF split across chunks: the LF belongs to the CR already handled.
    if (this.#sawCr && text.startsWith('\n')) i = 1;
    this.#sawCr = false;
    const lineEnd = /[\r\n]/g;
    while (i < text.length) {
      lineEnd.lastIndex = i;
      const m = lineEnd.exec(text);
      if (!m) {
        this.#buffer += text.slice(i);
        if (this.#buffer.length > MAX_LINE) throw new SseParseError('event-stream line too long');
        break;
      }
      this.#buffer += text.slice(i, m.index);
      if (this.#buffer.length > MAX_LINE) throw new SseParseError('event-stream line too long');
      this.#line(this.#buffer, out);
      this.#buffer = '';
      i = m.index + 1;
      if (text[m.index] === '\r') {
        if (i === text.length) this.#sawCr = true;
        else if (text[i] === '\n') i++;
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
