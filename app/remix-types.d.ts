/** Type augmentations for Remix: single-fetch typing, and what the server passes to loaders. */
import "@remix-run/node";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
  interface AppLoadContext {
    /** The client's address as the server saw it (or from X-Forwarded-For behind a trusted proxy). */
    clientAddress: string;
    /** This response's Content-Security-Policy nonce for inline scripts (absent in in-process tests). */
    cspNonce?: string;
  }
}
