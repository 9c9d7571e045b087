export { type DrainOptions, type DrainResult, drainOutbox } from "./notification-outbox.js";
export { notificationRoutes } from "./notifications.routes.js";
export { type Notice, type NotificationKind, notify } from "./notifications.service.js";
export {
  createOutboundChannel,
  LoggingChannel,
  type OutboundChannel,
  type OutboundMessage,
  WecomWebhookChannel,
} from "./outbound-channel.js";
