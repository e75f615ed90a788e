import { z } from 'zod';

/**
 * Schemas every part of the contract shares; they live here so that no contract module has to import
 * another one just for them (which is how conversations, messages and translations came to import each other).
 */

/** A stored entity's id: server-generated, or `global` for the public room. */
export const idSchema = z.string().min(1).max(64);

/** An id the client generates itself (a message's `clientMessageId`). */
export const uuidSchema = z.uuid();
