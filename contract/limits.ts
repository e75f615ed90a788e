/** Limits shared by the server (which enforces them) and the client (which shows them before they are hit). */
export const LIMITS = {
  /** Meeshy's gateway limit for one message's text. */
  messageMaxLength: 2000,
  usernameMinLength: 3,
  usernameMaxLength: 32,
  displayNameMaxLength: 64,
  passwordMinLength: 8,
  /** Long enough for a passphrase, short enough that hashing it is never a denial of service. */
  passwordMaxLength: 256,
  conversationTitleMaxLength: 100,
  conversationDescriptionMaxLength: 500,
  groupMaxMembers: 500,
  historyPageMax: 100,
  historyPageDefault: 30,
  resyncPageMax: 500,
  emojiMaxLength: 32,
  /** Distinct emoji on one message: each adds to the message every member downloads. */
  reactionsPerMessageMax: 20,
  readLanguagesMax: 20,
  userSearchMax: 20,
  /** One attached file; Meeshy allows far more, but a desktop server keeps them on the user's own disk. */
  attachmentMaxBytes: 25 * 1024 * 1024,
  attachmentsPerMessageMax: 10,
  /** Images are previewed at most this many pixels on their longer side. */
  thumbnailMaxPixels: 320,
} as const;
