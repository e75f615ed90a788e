import type { SnippetPart } from '../../../../contract/search.ts';
import { MentionText } from '../mentions/MentionText.tsx';

/** A search hit's excerpt with the words found marked; mentions in it read as names. */
export function Snippet({ parts, conversationId }: { parts: SnippetPart[]; conversationId: string }) {
  return (
    <>
      {parts.map((part, index) =>
        part.match ? (
          // The parts of one snippet never move: their position is their identity.
          <mark key={index}>{part.text}</mark>
        ) : (
          <MentionText key={index} text={part.text} conversationId={conversationId} />
        ),
      )}
    </>
  );
}
