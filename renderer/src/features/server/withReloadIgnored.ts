/**
 * For the Server screen's tests: switching server reloads the page, which jsdom cannot do. Runs `body` with
 * the page's location swapped for one whose reload does nothing, then puts the real one back.
 */
export async function withReloadIgnored(body: () => Promise<void>): Promise<void> {
  const original = window.location;
  Object.defineProperty(window, 'location', {
    value: {
      href: original.href,
      origin: original.origin,
      protocol: original.protocol,
      reload: () => undefined,
    },
    configurable: true,
  });
  try {
    await body();
  } finally {
    Object.defineProperty(window, 'location', { value: original, configurable: true });
  }
}
