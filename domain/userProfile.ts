import { z } from 'zod';
import { LANGUAGES } from './language';

/** What is kept about the user across conversations: only the language they chose. */
export const userProfileSchema = z.object({
  language: z.enum(LANGUAGES).optional(),
});
export type UserProfile = z.infer<typeof userProfileSchema>;
