import type { LanguagesResponse, TranslateAccepted, TranslateBody } from '../../contract/translations.ts';
import type { ChatRepository } from '../db/repository.ts';
import type { UserRateLimiter } from '../domain/user-rate-limiter.ts';
import { AppError, messageNotFound } from '../errors.ts';
import type { SupportedLanguage, TranslatorClient } from './translator-client.ts';
import { TranslatorError } from './translator-client.ts';

const LANGUAGES_TTL_MS = 30_000;
const CALL_TIMEOUT_MS = 3000;

const translatorUnavailable = () =>
  new AppError(503, 'TRANSLATOR_UNAVAILABLE', 'The translation service is not available right now');

export interface MessageTranslationServiceDeps {
  repository: ChatRepository;
  translator: TranslatorClient;
  /** The user's write budget: a translation request costs the translator real work. */
  limiter: UserRateLimiter;
  /** Tells the orchestrator that new work is waiting. */
  onQueued: () => void;
}

/**
 * On-demand translation of chat messages and the list of languages, for the HTTP routes: the chat server's side,
 * which queues work for the translator process (whose own side is translator/service/text-translator.ts).
 */
export class MessageTranslationService {
  private languagesCache: { at: number; languages: SupportedLanguage[] } | undefined;

  constructor(private readonly deps: MessageTranslationServiceDeps) {}

  async languages(): Promise<LanguagesResponse> {
    const languages = await this.supportedLanguages();
    if (!languages) throw translatorUnavailable();
    return { languages: languages.map(({ code, name }) => ({ code, name })) };
  }

  /**
   * Queues a translation (or a re-translation, possibly with a higher tier) of a message the caller can
   * read. The result arrives on the socket as `message:translation`.
   */
  async request(userId: string, body: TranslateBody): Promise<TranslateAccepted> {
    const { repository } = this.deps;
    await this.deps.limiter.consume(userId);
    const message = await repository.findMessage(body.messageId);
    // A message in a conversation the caller is not in does not exist, as far as the caller can tell.
    if (!message || !(await repository.findMembership(message.conversationId, userId)))
      throw messageNotFound();
    if (message.deletedAt !== null) throw messageNotFound();
    const languages = await this.supportedLanguages();
    // When the translator is away the request is queued as it is; an unsupported language then fails later.
    if (languages && !languages.some((language) => language.code === body.targetLanguage)) {
      throw new AppError(
        400,
        'UNSUPPORTED_LANGUAGE',
        `"${body.targetLanguage}" is not a language the installed models translate; GET /api/languages lists them`,
      );
    }
    await repository.enqueueTranslation(
      message.id,
      body.targetLanguage,
      body.tier ?? null,
      new Date().toISOString(),
    );
    this.deps.onQueued();
    return { messageId: message.id, targetLanguage: body.targetLanguage, status: 'pending' };
  }

  private async supportedLanguages(): Promise<SupportedLanguage[] | undefined> {
    const cached = this.languagesCache;
    if (cached && Date.now() - cached.at < LANGUAGES_TTL_MS) return cached.languages;
    try {
      const languages = await this.deps.translator.listLanguages(CALL_TIMEOUT_MS);
      this.languagesCache = { at: Date.now(), languages };
      return languages;
    } catch (error) {
      if (error instanceof TranslatorError) return undefined;
      throw error;
    }
  }
}
