import type { PublicUser, SelfUser } from '../../contract/users.ts';
import type { UserRecord } from '../db/stores/users.ts';
import type { PresenceReader } from './realtime-publisher.ts';

export function toPublicUser(user: UserRecord, presence: PresenceReader): PublicUser {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    systemLanguage: user.systemLanguage,
    isOnline: presence.isOnline(user.id),
    lastSeenAt: user.lastSeenAt,
    isGuest: user.guestConversationId !== null,
  };
}

export function toSelfUser(user: UserRecord, presence: PresenceReader): SelfUser {
  return {
    ...toPublicUser(user, presence),
    email: user.email,
    role: user.role,
    createdAt: user.createdAt,
    regionalLanguage: user.regionalLanguage,
    customDestinationLanguage: user.customDestinationLanguage,
    autoTranslateEnabled: user.autoTranslateEnabled,
    translateToSystemLanguage: user.translateToSystemLanguage,
    translateToRegionalLanguage: user.translateToRegionalLanguage,
    useCustomDestination: user.useCustomDestination,
    readLanguages: user.readLanguages,
  };
}
