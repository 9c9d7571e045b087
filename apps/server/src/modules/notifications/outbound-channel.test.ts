import { describe, expect, it } from "vitest";
import { loadConfig } from "../../config.js";
import { createOutboundChannel } from "./outbound-channel.js";

const log = { info: () => undefined };

describe("the configured outbound channel", () => {
  it("is the WeCom robot when WECOM_WEBHOOK_URL is set, the log otherwise (an empty value counts as unset)", () => {
    const withUrl = loadConfig({ WECOM_WEBHOOK_URL: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k" });
    expect(createOutboundChannel(withUrl, log).name).toBe("wecom");
    expect(createOutboundChannel(loadConfig({ WECOM_WEBHOOK_URL: "" }), log).name).toBe("log");
    expect(createOutboundChannel(loadConfig({}), log).name).toBe("log");
  });

  it("refuses a webhook that is not a URL at start-up, naming the variable", () => {
    expect(() => loadConfig({ WECOM_WEBHOOK_URL: "not a url" })).toThrow(/WECOM_WEBHOOK_URL/);
  });

  it("runs the deadline check every 5 minutes and drains the outbox every 30 seconds unless configured", () => {
    const config = loadConfig({});
    expect(config.ISSUE_DEADLINE_CHECK_MINUTES).toBe(5);
    expect(config.OUTBOX_DRAIN_SECONDS).toBe(30);
    expect(loadConfig({ ISSUE_DEADLINE_CHECK_MINUTES: "2" }).ISSUE_DEADLINE_CHECK_MINUTES).toBe(2);
  });
});
