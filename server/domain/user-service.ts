import type { PublicUser, SelfUser, UpdateMeBody } from '../../contract/users.ts';
import type { ConversationStore } from '../db/stores/conversations.ts';
import type { UserStore } from '../db/stores/users.ts';
import { unauthenticated } from '../errors.ts';
import type { PresenceReader, RealtimePublisher } from './realtime-publisher.ts';
import { toPublicUser, toSelfUser } from './user-views.ts';

export class UserService {
  constructor(
    private readonly repository: UserStore & Pick<ConversationStore, 'conversationIdsForUser'>,
    private readonly presence: PresenceReader,
    private readonly publisher?: Pick<RealtimePublisher, 'toConversations'>,
  ) {}

  async me(userId: string): Promise<SelfUser> {
    const user = await this.repository.findUserById(userId);
    if (!user) throw unauthenticated();
    return toSelfUser(user, this.presence);
  }

  async updateMe(userId: string, patch: UpdateMeBody): Promise<SelfUser> {
    const before = await this.repository.findUserById(userId);
    if (!before) throw unauthenticated();
    const user = await this.repository.updateUser(userId, patch, new Date().toISOString());
    // Only what others see of the user: their languages are their own business.
    if (this.publisher && user.displayName !== before.displayName) {
      const conversationIds = await this.repository.conversationIdsForUser(userId);
      this.publisher.toConversations(conversationIds, 'user:updated', toPublicUser(user, this.presence));
    }
    return toSelfUser(user, this.presence);
  }

  async search(userId: string, query: string, limit: number): Promise<PublicUser[]> {
    const users = await this.repository.searchUsers(query, limit, userId);
    return users.map((user) => toPublicUser(user, this.presence));
  }
}
