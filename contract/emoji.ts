const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** A pictograph, a flag's pair of regional indicators, or a keycap (1️⃣). */
const EMOJI_CLUSTER =
  /^(?:\p{Extended_Pictographic}(?:[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Emoji_Component}\u{E0020}-\u{E007F}]|\u200d|\ufe0f)*|\p{Regional_Indicator}{2}|[0-9#*]\ufe0f?\u20e3)$/u;

/**
 * A reaction is one emoji as people see it: exactly one grapheme cluster (so 👨‍👩‍👧 and 🇫🇷 count once),
 * and that cluster is an emoji, not a word or any other string of up to 32 characters.
 */
export function isSingleEmoji(text: string): boolean {
  const clusters = [...graphemes.segment(text)];
  return clusters.length === 1 && EMOJI_CLUSTER.test(text);
}
