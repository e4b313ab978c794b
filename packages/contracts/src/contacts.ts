import { z } from 'zod';
import { ActorIdSchema } from './schemas.ts';

export const channelTypes = ['email', 'sms', 'webhook'] as const;
export const ChannelTypeSchema = z.enum(channelTypes);
export type ChannelType = z.infer<typeof ChannelTypeSchema>;

/** E.164: a plus, a country code and at most 15 digits in all. */
export const E164Schema = z.string().regex(/^\+[1-9]\d{6,14}$/, 'an E.164 phone number, e.g. +46701234567');

/**
 * Whether a host is loopback, private, link-local or otherwise not a public
 * address. Production refuses such webhook targets (server-side request forgery).
 */
export function isPrivateHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.local') || h.endsWith('.internal')) return true;
  const v4 = h.match(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      a >= 224
    );
  }
  if (h.includes(':')) {
    return (
      h === '::' ||
      h === '::1' ||
      h.startsWith('fc') ||
      h.startsWith('fd') ||
      h.startsWith('fe80') ||
      h.startsWith('::ffff:')
    );
  }
  return false;
}

export const WebhookUrlSchema = z
  .string()
  .url()
  .refine((v) => URL.canParse(v) && new URL(v).protocol === 'https:', 'an https URL');

export const ContactChannelSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('email'), address: z.string().trim().toLowerCase().email().max(320) }),
  z.object({ type: z.literal('sms'), address: E164Schema }),
  z.object({ type: z.literal('webhook'), address: WebhookUrlSchema }),
]);
export type ContactChannel = z.infer<typeof ContactChannelSchema>;

export const languages = ['sv', 'en'] as const;
export const LanguageSchema = z.enum(languages);

export const ContactBodySchema = z.object({
  name: z.string().trim().min(1).max(200),
  role: z.string().trim().max(200).optional(),
  language: LanguageSchema.default('sv'),
  channels: z.array(ContactChannelSchema).min(1).max(10),
});
export type ContactBody = z.infer<typeof ContactBodySchema>;

export const ContactSchema = z.object({
  id: z.string().uuid(),
  actorId: ActorIdSchema,
  /** 1 is called first; the list is the call-out order. */
  position: z.number().int().positive(),
  name: z.string(),
  role: z.string().nullable(),
  language: LanguageSchema,
  channels: z.array(ContactChannelSchema),
});
export type Contact = z.infer<typeof ContactSchema>;

export const ContactOrderBodySchema = z.object({ contactIds: z.array(z.string().uuid()).min(1) });

export const ActorParamsSchema = z.object({ id: ActorIdSchema });
export const ContactParamsSchema = z.object({ id: ActorIdSchema, contactId: z.string().uuid() });
