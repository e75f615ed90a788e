/**
 * A short name a person recognises a sign-in by, from the User-Agent it signed in with: "Firefox · Linux".
 *
 * A small function instead of a UA-parsing library: the list only needs the browser family and the
 * operating system (no versions, no device models), none is installed, and the well-kept parsers carry
 * large rule tables for detail this never shows. The parts are joined with "·" rather than an English
 * "on" because the label is stored once and read in every interface language; product names need no
 * translation. Null when nothing is recognised, so the client says "unknown device" in its own words.
 */

/** Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari", so the specific go first. */
const BROWSERS: readonly (readonly [RegExp, string])[] = [
  [/\bmeeshy-desktop\/|\bElectron\//i, 'Meeshy Desktop'],
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\bOPR\/|\bOpera\b/, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\bFirefox\/|\bFxiOS\//, 'Firefox'],
  [/\bChromium\//, 'Chromium'],
  [/\b(Headless)?Chrome\/|\bCriOS\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
];

/** Android and ChromeOS also say "Linux", iOS also says "Mac OS X": again the specific go first. */
const SYSTEMS: readonly (readonly [RegExp, string])[] = [
  [/\bWindows\b/, 'Windows'],
  [/\bAndroid\b/, 'Android'],
  [/\biPhone|\biPad|\biPod/, 'iOS'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bMacintosh\b|\bMac OS X\b/, 'macOS'],
  [/\bLinux\b|\bX11\b/, 'Linux'],
];

/** Real User-Agents are a few hundred characters; more is not read, so a huge header costs nothing. */
const MAX_READ = 512;

export function deviceLabel(userAgent: string | undefined): string | null {
  if (userAgent === undefined) return null;
  const ua = userAgent.slice(0, MAX_READ);
  const browser = BROWSERS.find(([pattern]) => pattern.test(ua))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(ua))?.[1];
  if (browser !== undefined && system !== undefined) return `${browser} · ${system}`;
  return browser ?? system ?? null;
}
