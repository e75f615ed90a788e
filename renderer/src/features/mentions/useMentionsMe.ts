import { mentions } from '../../../../contract/mentions.ts';
import type { MessageDto } from '../../../../contract/messages.ts';
import { useAuth } from '../auth/authStore.ts';

/** Whether the message mentions the signed-in reader (and is not their own): its bubble is highlighted. */
export function useMentionsMe(message: MessageDto): boolean {
  const selfId = useAuth((s) => s.session?.user.id);
  return (
    selfId !== undefined &&
    message.sender.id !== selfId &&
    message.deletedAt === null &&
    mentions(message.content, selfId)
  );
}
