import type { Config } from '../../../config.ts';
import { createEmailChannel } from './email.ts';
import { createHttpSmsProvider, createSmsChannel } from './sms.ts';
import type { Channel, ChannelType } from './types.ts';
import { createWebhookChannel } from './webhook.ts';

export { createEmailChannel, type EmailChannel, type EmailChannelOptions, messageIdFor } from './email.ts';
export {
  createHttpSmsProvider,
  createSmsChannel,
  fitSms,
  type HttpSmsProviderOptions,
  SMS_MAX_CHARS,
  type SmsProvider,
} from './sms.ts';
export {
  formatStockholmTime,
  type NotificationKind,
  type NotificationTextInput,
  type NotificationTexts,
  notificationKinds,
  renderNotification,
} from './texts.ts';
export * from './types.ts';
export {
  createWebhookChannel,
  signWebhook,
  type VerifyWebhookInput,
  verifyWebhookSignature,
  type WebhookChannelOptions,
} from './webhook.ts';

export type ChannelConfig = Pick<
  Config,
  'SMTP_URL' | 'SMTP_FROM' | 'SMS_GATEWAY_URL' | 'SMS_GATEWAY_TOKEN' | 'SMS_FROM' | 'WEBHOOK_SECRET'
>;

export type Channels = Partial<Record<ChannelType, Channel>>;

/**
 * The channels this installation can deliver over: e-mail when SMTP_URL is
 * set, SMS when SMS_GATEWAY_URL is set, webhooks always. A contact channel
 * without an adapter here cannot be delivered to.
 */
export function createChannels(config: ChannelConfig): Channels {
  const channels: Channels = {
    webhook: createWebhookChannel({ secret: config.WEBHOOK_SECRET }),
  };
  if (config.SMTP_URL) {
    channels.email = createEmailChannel({ smtpUrl: config.SMTP_URL, from: config.SMTP_FROM });
  }
  if (config.SMS_GATEWAY_URL) {
    channels.sms = createSmsChannel(
      createHttpSmsProvider({ url: config.SMS_GATEWAY_URL, token: config.SMS_GATEWAY_TOKEN, from: config.SMS_FROM }),
    );
  }
  return channels;
}

/** Closes what the channels keep open (the SMTP pool), for shutdown. */
export async function closeChannels(channels: Channels): Promise<void> {
  await Promise.all(Object.values(channels).map((c) => c.close?.()));
}
