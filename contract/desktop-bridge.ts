/**
 * The one API the desktop app's preload gives the page (`window.meeshyDesktop`), declared once as two maps:
 * methods the page calls (each answered by the main process) and events the main process pushes. The
 * preload's object `satisfies DesktopBridge`, the main process's handlers are typed from the same maps,
 * and the renderer imports this file as a type only. In a browser there is no bridge at all.
 */

import type { BundledLaunchRequest, DockerModeView } from './desktop-docker.ts';
import type { ModelInfo } from './translations.ts';

/** A `meeshy://` link, parsed and vetted by the main process. */
export type DeepLink = { kind: 'conversation'; conversationId: string } | { kind: 'join'; token: string };

/**
 * Where the client's server is: the stack on this device, a self-hosted server, or Docker (the server on
 * this device, its data in Postgres and Redis containers).
 */
export type ServerMode = { kind: 'local' } | { kind: 'remote'; url: string } | { kind: 'docker' };

/** The local stack as the main process sees it; the start screen shows it. */
export type StackStatus =
  | { state: 'starting'; step: 'engine' | 'containers' | 'translator' | 'server'; detail: string }
  | { state: 'ready'; url: string }
  | { state: 'restarting'; service: 'translator' | 'server'; attempt: number }
  | { state: 'failed'; reason: string; logFile: string }
  // Stopped on purpose (the Server screen's Docker stop, the quit): nothing runs until it is started again.
  | { state: 'stopped' }
  | { state: 'not-used' };

/** A new message, as the page describes it for a native notification (already in the reader's language). */
export interface MessageNotice {
  conversationId: string;
  title: string;
  body: string;
  /** The reader wrote it (on another device): never notified. */
  fromSelf: boolean;
  conversationMuted: boolean;
}

/** A message to translate on this device (remote mode, when the server does not translate for the reader). */
export interface DeviceTranslationRequest {
  messageId: string;
  text: string;
  /** Null lets the translator detect it. */
  sourceLanguage: string | null;
  targetLanguage: string;
}

export type DeviceTranslationResult =
  | { ok: true; text: string; sourceLanguage: string; model: string; tier: 'basic' | 'medium' | 'premium' }
  | { ok: false; error: string; reason: DeviceTranslationFailure };

/**
 * Why a translation on this device failed, which says what helps:
 * - `busy`: the translator is starting, its model loading, or its queue full; ask again in a moment;
 * - `needs-model`: the model is not downloaded (or its download failed); the user downloads it
 *   (`downloadDeviceModel`, after accepting its license), then the same request works;
 * - `failed`: it stands (an unsupported language, no translator on this device).
 */
export type DeviceTranslationFailure = 'busy' | 'needs-model' | 'failed';

/** The answer to a download of this device's model: its new state, or why it was refused. */
export type DeviceModelResult = { ok: true; model: ModelInfo } | { ok: false; error: string };

/** The desktop settings the page may read and change. */
export interface DesktopPreferences {
  closeToTray: boolean;
  doNotDisturb: boolean;
}

export interface DesktopMethods {
  stackStatus(): Promise<StackStatus>;
  retryStack(): Promise<void>;
  serverMode(): Promise<ServerMode>;
  setServerMode(mode: ServerMode): Promise<void>;
  /** The sum of unread messages of unmuted conversations: shown on the tray and the dock/taskbar badge. */
  setUnreadCount(count: number): Promise<void>;
  notifyMessage(notice: MessageNotice): Promise<boolean>;
  /** Translates with this device's translator; answers `ok: false` when it has none running or it failed. */
  translateOnDevice(request: DeviceTranslationRequest): Promise<DeviceTranslationResult>;
  /** This device's default translation model (name, size, license, state); null when no translator runs. */
  deviceModel(): Promise<ModelInfo | null>;
  /**
   * Starts downloading (then loading) this device's default model; refused when its license asks for
   * consent and `acceptLicense` is not true. Progress shows through `deviceModel()`.
   */
  downloadDeviceModel(acceptLicense: boolean): Promise<DeviceModelResult>;
  /** Opens a web or mail link in the system's browser; false when the link was refused. */
  openExternal(url: string): Promise<boolean>;
  preferences(): Promise<DesktopPreferences>;
  setPreferences(change: Partial<DesktopPreferences>): Promise<DesktopPreferences>;
  logFolder(): Promise<string>;
  /** Asks the engine again and answers the Docker view (engine, containers, task, failure). */
  dockerState(): Promise<DockerModeView>;
  /**
   * Starts the Postgres and Redis containers; in Docker mode also the server on them. Resolves when done,
   * with the view (a failure is in it, never thrown); progress arrives as `docker-state` events.
   */
  startDocker(): Promise<DockerModeView>;
  /** Stops the Postgres and Redis containers (the data stays in their volumes); in Docker mode the server first. */
  stopDocker(): Promise<DockerModeView>;
  /** Builds the project's images when missing and starts the whole production topology on this machine. */
  launchBundled(request: BundledLaunchRequest): Promise<DockerModeView>;
  /** Stops the bundled production containers other than Postgres and Redis. */
  stopBundled(): Promise<DockerModeView>;
}

export interface DesktopEvents {
  'stack-status': StackStatus;
  'deep-link': DeepLink;
  /** The user clicked a message notification: show that conversation. */
  'open-conversation': { conversationId: string };
  /** The Docker view changed: a task's progress, its end, or a new state of the containers. */
  'docker-state': DockerModeView;
}

export type DesktopMethodName = keyof DesktopMethods;
export type DesktopEventName = keyof DesktopEvents;

/** The IPC channel of a method or event; one naming rule for both ends. */
export const desktopChannel = (name: DesktopMethodName | DesktopEventName): string => `meeshy:${name}`;

export type DesktopBridge = DesktopMethods & {
  /** Listens to a pushed event; returns the function that stops listening. */
  on<E extends DesktopEventName>(event: E, listener: (payload: DesktopEvents[E]) => void): () => void;
};
