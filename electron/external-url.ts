const OPENABLE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/**
 * The URL to hand to the system (`shell.openExternal`), or undefined to refuse it. Only parsed web and
 * mail links go out: `file:`, `javascript:`, `smb:` and custom schemes can run programs or leak
 * credentials through the operating system's handlers. Credentials in a web URL are refused too (a link
 * `https://bank.example@evil.example` that reads as one site and opens another).
 */
export function externalUrlToOpen(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.length > 8_192) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (!OPENABLE_PROTOCOLS.has(url.protocol)) return undefined;
  if (url.protocol !== 'mailto:' && (url.username !== '' || url.password !== '' || url.hostname === '')) {
    return undefined;
  }
  return url.href;
}
