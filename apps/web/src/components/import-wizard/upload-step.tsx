import { DownloadOutlined, InboxOutlined } from "@ant-design/icons";
import { Alert, Button, Flex, Spin, Typography, Upload } from "antd";
import { useState } from "react";
import { useT } from "../../i18n";
import { downloadFile } from "../../lib/api";
import { useErrorHandler } from "../../lib/use-error-handler";

interface UploadStepProps {
  baseUrl: string;
  templateName: string;
  uploading: boolean;
  error: string | null;
  onUpload: (file: File) => void;
}

/** Step 1: get the template, then hand over an .xlsx file. */
export function UploadStep({ baseUrl, templateName, uploading, error, onUpload }: UploadStepProps) {
  const t = useT();
  const handleError = useErrorHandler();
  const [downloading, setDownloading] = useState(false);
  const [typeError, setTypeError] = useState(false);

  const download = async () => {
    setDownloading(true);
    try {
      await downloadFile(`${baseUrl}/import-template`, {}, templateName);
    } catch (e) {
      handleError(e);
    } finally {
      setDownloading(false);
    }
  };

  return (
    <Flex vertical gap={16}>
      <Flex gap={12} align="center" wrap>
        <Button icon={<DownloadOutlined />} onClick={download} loading={downloading}>
          {t("import.downloadTemplate")}
        </Button>
        <Typography.Text type="secondary">{t("import.templateHint")}</Typography.Text>
      </Flex>
      {(error || typeError) && <Alert type="error" showIcon title={typeError ? t("import.onlyXlsx") : error} />}
      <Spin spinning={uploading} description={t("import.uploading")}>
        <Upload.Dragger
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          multiple={false}
          showUploadList={false}
          disabled={uploading}
          beforeUpload={(file) => {
            const isXlsx = file.name.toLowerCase().endsWith(".xlsx");
            setTypeError(!isXlsx);
            if (isXlsx) onUpload(file);
            return Upload.LIST_IGNORE;
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t("import.dragHint")}</p>
        </Upload.Dragger>
      </Spin>
    </Flex>
  );
}
