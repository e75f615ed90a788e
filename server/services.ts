import type { ChatRepository } from './db/repository.ts';
import type { AuthService } from './domain/auth-service.ts';
import type { DeviceService } from './domain/device-service.ts';
import type { ConversationService } from './domain/conversation-service.ts';
import type { MessageService } from './domain/message-service.ts';
import type { UserService } from './domain/user-service.ts';

/** What the HTTP and socket layers are given: services only, never a database handle of their own. */
export interface AppServices {
  repository: ChatRepository;
  auth: AuthService;
  devices: DeviceService;
  users: UserService;
  conversations: ConversationService;
  messages: MessageService;
}
