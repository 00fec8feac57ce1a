// The API of the xk6-sse extension (github.com/phymbert/xk6-sse), which @types/k6 does not cover: `k6/x/sse` exists
// only in a k6 binary built with it (deploy/k6/README.md). Declared here as the extension's README and source define
// it, so the SSE script is type-checked like the others.
declare module 'k6/x/sse' {
  /** One server-sent event; `data` has its data lines joined with "\n"; a comment-only block has `comment` set. */
  export interface Event {
    id: string;
    name: string;
    data: string;
    comment: string;
  }

  export interface Params {
    method?: string;
    body?: string;
    headers?: Record<string, string>;
    tags?: Record<string, string>;
  }

  /** The stream's HTTP response once it ended (or could not open: then `error` is set). */
  export interface Response {
    url: string;
    status: number;
    headers: Record<string, string>;
    error: string;
  }

  export interface Client {
    on(event: 'open', handler: () => void): void;
    on(event: 'event', handler: (event: Event) => void): void;
    on(event: 'error', handler: (error: { error(): string }) => void): void;
    /** Ends the stream: `open` then returns. */
    close(): void;
  }

  /** Opens the stream and blocks this VU until the client closes it or the server ends it. */
  export function open(url: string, params: Params | null, setup: (client: Client) => void): Response;

  const sse: { open: typeof open };
  export default sse;
}
