import { useState, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { useT } from '../../i18n/useT.ts';
import { useAuth } from '../auth/authStore.ts';
import { useConversations } from '../conversations/conversationsStore.ts';
import {
  activeMention,
  encodeMentions,
  insertPick,
  matchCandidates,
  type ActiveMention,
  type MentionCandidate,
} from './mentionQuery.ts';

const LIST_ID = 'mention-picker';
const optionId = (userId: string) => `mention-option-${userId}`;

export interface MentionPicker {
  /** Call on every change of the text or caret. */
  update: (text: string, caret: number) => void;
  /** Arrows, Enter/Tab and Escape while the list is open; true when the key was the picker's. */
  handleKey: (event: KeyboardEvent<HTMLTextAreaElement>) => boolean;
  /** The text as it is sent: picked names become mention tokens. */
  encode: (text: string) => string;
  /** After a send: nobody is picked any more. */
  reset: () => void;
  /** Combobox attributes for the composer's textarea. */
  inputProps: {
    role: 'combobox';
    'aria-autocomplete': 'list';
    'aria-expanded': boolean;
    'aria-controls': string;
    'aria-activedescendant': string | undefined;
  };
  list: ReactNode;
}

/**
 * The composer's `@` list: the conversation's members, narrowed as the writer types, chosen with the keyboard
 * (arrows, Enter or Tab; Escape closes it) or the mouse. A pick writes `@Display Name` in the text, readable
 * while writing; `encode` turns the names picked into mention tokens when the message is sent.
 */
export function useMentionPicker(
  conversationId: string,
  input: RefObject<HTMLTextAreaElement | null>,
  setText: (text: string) => void,
): MentionPicker {
  const t = useT();
  const selfId = useAuth((s) => s.session?.user.id) ?? '';
  const members = useConversations((s) => s.details[conversationId]?.members);
  const [active, setActive] = useState<ActiveMention | null>(null);
  const [highlighted, setHighlighted] = useState(0);
  const [picked, setPicked] = useState<MentionCandidate[]>([]);
  const candidates =
    active === null
      ? []
      : matchCandidates(
          (members ?? []).map((member) => ({
            userId: member.user.id,
            displayName: member.user.displayName,
            username: member.user.username,
          })),
          active.query,
          selfId,
        );
  const open = active !== null && candidates.length > 0;
  const current = open ? candidates[Math.min(highlighted, candidates.length - 1)] : undefined;

  const pick = (candidate: MentionCandidate) => {
    const field = input.current;
    if (active === null || field === null) return;
    const next = insertPick(field.value, active, field.selectionStart, candidate);
    setText(next.text);
    setPicked((list) => [...list.filter((p) => p.userId !== candidate.userId), candidate]);
    setActive(null);
    // The caret goes after the inserted name once React has put the new text in the field.
    requestAnimationFrame(() => {
      field.focus();
      field.setSelectionRange(next.caret, next.caret);
    });
  };

  return {
    update: (text, caret) => {
      const mention = activeMention(text, caret);
      setActive(mention);
      if (mention?.query !== active?.query) setHighlighted(0);
    },
    handleKey: (event) => {
      if (!open || current === undefined || event.nativeEvent.isComposing) return false;
      // The caret may have moved away from the `@` (arrows, a click) since the last keystroke.
      const field = event.currentTarget;
      if (activeMention(field.value, field.selectionStart)?.start !== active.start) {
        setActive(null);
        return false;
      }
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setHighlighted((index) => (index + step + candidates.length) % candidates.length);
      } else if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
        pick(current);
      } else if (event.key === 'Escape') {
        setActive(null);
      } else {
        return false;
      }
      event.preventDefault();
      return true;
    },
    encode: (text) => encodeMentions(text, picked),
    reset: () => {
      setPicked([]);
      setActive(null);
    },
    inputProps: {
      role: 'combobox',
      'aria-autocomplete': 'list',
      'aria-expanded': open,
      'aria-controls': LIST_ID,
      'aria-activedescendant': current === undefined ? undefined : optionId(current.userId),
    },
    list: open ? (
      <ul id={LIST_ID} className="mention-picker" role="listbox" aria-label={t('mention.pickerLabel')}>
        {candidates.map((candidate) => (
          <li
            key={candidate.userId}
            id={optionId(candidate.userId)}
            role="option"
            aria-selected={candidate === current}
            className={candidate === current ? 'active' : undefined}
            // mousedown, not click: the textarea keeps the focus (and its caret) while the mouse picks.
            onMouseDown={(event) => {
              event.preventDefault();
              pick(candidate);
            }}
          >
            <span className="mention-name">{candidate.displayName}</span>
            <span className="mention-username">@{candidate.username}</span>
          </li>
        ))}
      </ul>
    ) : null,
  };
}
