/** Today: "14:05"; this week: "Tue"; older: "12/03/2026", in the interface language's conventions. */
export function formatListTime(iso: string, locale: string, now = new Date()): string {
  const date = new Date(iso);
  const days = (startOfDay(now) - startOfDay(date)) / 86_400_000;
  if (days < 1) return date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  if (days < 7) return date.toLocaleDateString(locale, { weekday: 'short' });
  return date.toLocaleDateString(locale);
}

export function formatTime(iso: string, locale: string): string {
  return new Date(iso).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
}

/** Heading of a day separator: "Today", "Yesterday" or the full date. */
export function formatDay(
  iso: string,
  locale: string,
  labels: { today: string; yesterday: string },
  now = new Date(),
): string {
  const days = Math.round((startOfDay(now) - startOfDay(new Date(iso))) / 86_400_000);
  if (days === 0) return labels.today;
  if (days === 1) return labels.yesterday;
  return new Date(iso).toLocaleDateString(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
}

function startOfDay(d: Date): number {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** A moment in full, for when exactly matters ("26 Nov 2026, 09:14"), in the interface language's conventions. */
export function formatDateTime(iso: string, locale: string): string {
  return new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}
