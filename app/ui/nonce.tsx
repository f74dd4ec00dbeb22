/**
 * The per-request Content-Security-Policy nonce, made by the HTTP server, handed to the inline
 * scripts Remix renders. In the browser the nonce is no longer needed (the scripts already ran).
 */
import { createContext, useContext } from "react";

const NonceContext = createContext<string | undefined>(undefined);

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
