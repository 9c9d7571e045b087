import type { FastifyBaseLogger } from "fastify";

/** One message for the outbound channel: a title and markdown content. */
export interface OutboundMessage {
  id: string;
  kind: string;
  title: string;
  /** Markdown (the subset the WeCom group robot renders: bold, quotes, links). */
  content: string;
}

/**
 * Where notices go besides the inbox. `send` resolves when the message was accepted and rejects
 * otherwise; the outbox job retries a rejected message later.
 */
export interface OutboundChannel {
  readonly name: string;
  send(message: OutboundMessage): Promise<void>;
}

type InfoLogger = Pick<FastifyBaseLogger, "info">;

/** Writes each message to the server log: the channel when no webhook is configured. */
export class LoggingChannel implements OutboundChannel {
  readonly name = "log";
  constructor(private readonly log: InfoLogger) {}

  async send(message: OutboundMessage): Promise<void> {
    this.log.info({ outbound: { id: message.id, kind: message.kind, title: message.title } }, message.content);
  }
}

export interface WecomWebhookOptions {
  /** https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=… */
  url: string;
  timeoutMs?: number;
}

/**
 * A WeCom (企业微信) group robot: POST {"msgtype":"markdown","markdown":{"content":…}} to the webhook URL.
 * WeCom answers HTTP 200 with {"errcode":0,"errmsg":"ok"}; any other status or errcode is a failure
 * (e.g. 45009 when the robot's rate limit of 20 messages a minute is reached), retried by the outbox.
 */
export class WecomWebhookChannel implements OutboundChannel {
  readonly name = "wecom";
  private readonly timeoutMs: number;
  constructor(private readonly options: WecomWebhookOptions) {
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  async send(message: OutboundMessage): Promise<void> {
    const response = await fetch(this.options.url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ msgtype: "markdown", markdown: { content: message.content } }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`企业微信返回 HTTP ${response.status}: ${text.slice(0, 200)}`);
    let answer: { errcode?: unknown; errmsg?: unknown };
    try {
      answer = JSON.parse(text) as { errcode?: unknown; errmsg?: unknown };
    } catch {
      throw new Error(`企业微信返回的不是 JSON: ${text.slice(0, 200)}`);
    }
    if (answer.errcode !== 0) {
      throw new Error(`企业微信返回错误 errcode=${String(answer.errcode)} errmsg=${String(answer.errmsg ?? "")}`);
    }
  }
}

/** The configured channel: the WeCom robot when WECOM_WEBHOOK_URL is set, else the log. */
export function createOutboundChannel(
  config: { WECOM_WEBHOOK_URL?: string | undefined; WECOM_TIMEOUT_MS?: number | undefined },
  log: InfoLogger,
): OutboundChannel {
  if (config.WECOM_WEBHOOK_URL) {
    return new WecomWebhookChannel({ url: config.WECOM_WEBHOOK_URL, timeoutMs: config.WECOM_TIMEOUT_MS });
  }
  return new LoggingChannel(log);
}
