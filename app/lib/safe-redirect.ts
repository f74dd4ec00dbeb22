/** An origin of our own that no real site has, to resolve a target the way a browser would. */
const OWN_ORIGIN = "https://portal.invalid";

/**
 * Only same-site paths may be redirected to after login, never another host. The target is resolved
 * against the site's own origin as a browser would resolve it, so every spelling of another host
 * ("//evil.example", "/\t/evil.example", "/\\evil.example", "https:evil.example") is caught; control
 * characters and backslashes are refused outright (browsers drop or rewrite them, and a line break
 * cannot go into a Location header). Returns the path, query and fragment, or `fallback`.
 */
export function safeRedirectPath(target: string | null | undefined, fallback: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (!target || !target.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(target)) return fallback;
  let url: URL;
  try {
    url = new URL(target, OWN_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== OWN_ORIGIN) return fallback;
  const path = url.pathname + url.search + url.hash;
  // The path as resolved, not as sent: "/a/../b" becomes "/b"; a result starting with "//" would be another host.
  return path.startsWith("//") ? fallback : path;
}
