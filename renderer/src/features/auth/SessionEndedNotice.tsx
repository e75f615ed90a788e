import { useT } from '../../i18n/useT.ts';
import { sessionEndedText, useSessionEnded } from './sessionEnded.ts';

/** On the sign-in screen: why the previous sign-in ended, when the server ended it. */
export function SessionEndedNotice() {
  const t = useT();
  const reason = useSessionEnded((s) => s.reason);
  if (reason === null) return null;
  return (
    <p className="notice" role="status">
      {t(sessionEndedText[reason])}
    </p>
  );
}
