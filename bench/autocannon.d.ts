/** The part of autocannon 9's API the load benchmark uses (the package ships no types). */
declare module "autocannon" {
  import type { EventEmitter } from "node:events";

  export type Request = {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    setupRequest?: (request: Request, context: Record<string, unknown>) => Request;
  };

  export type Options = {
    url: string;
    connections?: number;
    duration?: number;
    timeout?: number;
    requests?: Request[];
  };

  export type Result = {
    duration: number;
    /** Completed requests in `total`. */
    requests: { total: number; average: number };
    errors: number;
    timeouts: number;
    non2xx: number;
    resets: number;
    statusCodeStats: Record<string, { count: number }>;
  };

  /** Emits "response" (client, statusCode, bytes, responseTimeMs) for every answer. */
  export type Instance = EventEmitter & { stop(): void };

  export default function autocannon(options: Options, done: (error: Error | null, result: Result) => void): Instance;
}
