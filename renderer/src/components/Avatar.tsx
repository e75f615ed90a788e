import { initials } from '../features/conversations/conversationTitle.ts';

/** Initials on a colour derived from the name, with an optional presence dot. */
export function Avatar({ name, online }: { name: string; online?: boolean | undefined }) {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) % 360;
  return (
    <span className="avatar" style={{ '--avatar-hue': hash } as React.CSSProperties} aria-hidden="true">
      {initials(name)}
      {online !== undefined && <span className={online ? 'presence online' : 'presence'} />}
    </span>
  );
}
