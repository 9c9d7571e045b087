import { PaperClipOutlined, UploadOutlined } from "@ant-design/icons";
import type { IssueDetail } from "@zonedesk/contracts";
import { App, Button, Empty, Flex, List, Typography, Upload } from "antd";
import { useT } from "../../../i18n";
import { downloadFile } from "../../../lib/api";
import { formatDateTime } from "../../../lib/dates";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useUploadIssueAttachment } from "../api/issues-api";

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The issue's files: download each; upload when the viewer may work on the issue. */
export function IssueAttachments({ issue, canUpload }: { issue: IssueDetail; canUpload: boolean }) {
  const t = useT();
  const { message } = App.useApp();
  const handleError = useErrorHandler();
  const upload = useUploadIssueAttachment(issue.id);
  return (
    <Flex vertical gap={8}>
      {issue.attachments.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("issue.noAttachments")} />
      ) : (
        <List
          size="small"
          dataSource={issue.attachments}
          renderItem={(a) => (
            <List.Item>
              <Flex vertical style={{ minWidth: 0 }}>
                <Typography.Link
                  className="zd-break"
                  onClick={() =>
                    downloadFile(`/issues/${issue.id}/attachments/${a.id}`, {}, a.fileName).catch((e: unknown) =>
                      handleError(e),
                    )
                  }
                >
                  <PaperClipOutlined /> {a.fileName}
                </Typography.Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatSize(a.sizeBytes)} · {a.uploadedByName} · {formatDateTime(a.createdAt)}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      )}
      {canUpload && (
        <Upload
          showUploadList={false}
          customRequest={({ file, onSuccess, onError }) => {
            upload
              .mutateAsync(file as File) // antd hands the picked File as RcFile, a File subclass
              .then((saved) => {
                message.success(t("issue.uploaded"));
                onSuccess?.(saved);
              })
              .catch((e: unknown) => {
                handleError(e);
                onError?.(e instanceof Error ? e : new Error(String(e)));
              });
          }}
        >
          <Button icon={<UploadOutlined />} loading={upload.isPending}>
            {t("issue.upload")}
          </Button>
        </Upload>
      )}
    </Flex>
  );
}
