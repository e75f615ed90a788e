/**
 * What a bubble shows besides the message: its own file so that the bubble and its action bar, which both
 * use it, do not import each other.
 */
export type BubbleMode = 'normal' | 'edit' | 'delete' | 'languages';
