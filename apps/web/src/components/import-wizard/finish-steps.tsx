import type { ImportPreview, ImportResult } from "@zonedesk/contracts";
import { Alert, Button, Flex, Result } from "antd";
import { useT } from "../../i18n";
import { LinkButton } from "../link-button";
import { ImportCounts } from "./preview-step";

interface ConfirmStepProps {
  preview: ImportPreview;
  confirming: boolean;
  onConfirm: () => void;
}

/** Step 3: confirm, or learn why the file cannot be imported as it is. */
export function ConfirmStep({ preview, confirming, onConfirm }: ConfirmStepProps) {
  const t = useT();
  const isBlocked = preview.counts.refused > 0;
  return (
    <Flex vertical gap={16}>
      <ImportCounts preview={preview} />
      {isBlocked ? (
        <Alert type="error" showIcon title={t("import.blocked", { refused: preview.counts.refused })} />
      ) : (
        <Alert type="info" showIcon title={t("import.confirmHint", preview.counts)} />
      )}
      <div>
        <Button type="primary" size="large" disabled={isBlocked} loading={confirming} onClick={onConfirm}>
          {t("import.confirm")}
        </Button>
      </div>
    </Flex>
  );
}

interface ResultStepProps {
  result: ImportResult;
  listPath: string;
  onAgain: () => void;
}

/** Step 4: what was done. */
export function ResultStep({ result, listPath, onAgain }: ResultStepProps) {
  const t = useT();
  return (
    <Result
      status="success"
      title={t("import.doneTitle")}
      subTitle={t("import.doneSummary", {
        created: result.created,
        updated: result.updated,
        unchanged: result.unchanged,
      })}
      extra={[
        <LinkButton key="list" to={listPath} type="primary">
          {t("import.backToList")}
        </LinkButton>,
        <Button key="again" onClick={onAgain}>
          {t("import.again")}
        </Button>,
      ]}
    />
  );
}
