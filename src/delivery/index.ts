// alert → webhook: webhooks and their filters, events made into deliveries,
// signed attempts with retries, and what operators see of them.
export {
  addWebhook, listWebhooks, removeWebhook, syncConfigWebhooks, displayUrl, generateSecret, normaliseSecret,
  WebhookError, EVENT_TYPES, FORMATS,
  type WebhookInput, type WebhookView, type NewWebhook, type WebhookFormat, type EventType,
} from './webhooks.js';
export { enqueueEvent, queueDeliveries, passes, eventId, deliveryJobId, deliverJobOptions, DELIVERY_BACKOFF, type EventRef } from './events.js';
export {
  deliver, testWebhook, post, retryDelay, deliveryBackoff, parseRetryAfter, signatureHeaders, DeliveryRetryError,
  type DeliverOptions, type TestResult, type AttemptOutcome,
} from './send.js';
export { listDeliveries, getDelivery, resendDelivery, type DeliveryView, type DeliveryDetail, type AttemptView, type ListDeliveriesOptions } from './deliveries.js';
export {
  render, serialise, PAYLOAD_VERSION,
  type WebhookEvent, type AlertEvent, type FeedEvent, type TestEvent, type AlertV1, type FeedEventV1, type SlackMessage, type SlackBlock, type DiscordMessage,
} from './payload.js';
