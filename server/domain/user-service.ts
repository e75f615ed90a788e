import type { PublicUser, SelfUser, UpdateMeBody } from '../../contract/users.ts';
import type { UserStore } from '../db/stores/users.ts';
import { unauthenticated } from '../errors.ts';
import type { PresenceReader } from './realtime-publisher.ts';
import { toPublicUser, toSelfUser } from './user-views.ts';

export class UserService {
  constructor(
    private readonly repository: UserStore,
    private readonly presence: PresenceReader,
  ) {}

  async me(userId: string): Promise<SelfUser> {
    const user = await this.repository.findUserById(userId);
    if (!user) throw unauthenticated();
    return toSelfUser(user, this.presence);
  }

  async updateMe(userId: string, patch: UpdateMeBody): Promise<SelfUser> {
    const user = await this.repository.updateUser(userId, patch, new Date().toISOString());
    return toSelfUser(user, this.presence);
  }

  async search(userId: string, query: string, limit: number): Promise<PublicUser[]> {
    const users = await this.repository.searchUsers(query, limit, userId);
    return users.map((user) => toPublicUser(user, this.presence));
  }
}
