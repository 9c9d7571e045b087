import { useQueryClient } from "@tanstack/react-query";
import type { ImportPreview, ImportResult } from "@zonedesk/contracts";
import { App, Button, Card, Flex, Steps } from "antd";
import { useState } from "react";
import { useT } from "../../i18n";
import { api, isApiError } from "../../lib/api";
import { useErrorHandler } from "../../lib/use-error-handler";
import { useIsMobile } from "../../lib/use-is-mobile";
import { ConfirmStep, ResultStep } from "./finish-steps";
import { PreviewStep } from "./preview-step";
import { UploadStep } from "./upload-step";

export interface ImportWizardProps {
  /** "/enterprises" or "/assignments": the wizard calls `${baseUrl}/import-template` and `${baseUrl}/imports…`. */
  baseUrl: string;
  templateName: string;
  /** Where "back to the list" goes. */
  listPath: string;
  /** Query keys to refresh after a successful import. */
  invalidateKeys: string[][];
}

/**
 * Upload → preview (counts, refused rows, column mapping, sample rows) → confirm → result.
 * The server applies an import entirely or not at all, and refuses it while any row is refused.
 */
export function ImportWizard({ baseUrl, templateName, listPath, invalidateKeys }: ImportWizardProps) {
  const t = useT();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const handleError = useErrorHandler();
  const [step, setStep] = useState(0);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState<"upload" | "mapping" | "confirm" | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);

  const upload = async (file: File) => {
    setBusy("upload");
    setUploadError(null);
    try {
      setPreview(await api.upload<ImportPreview>(`${baseUrl}/imports`, file));
      setStep(1);
    } catch (e) {
      setUploadError(isApiError(e) ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  const applyMapping = async (mapping: Record<string, string | null>) => {
    if (!preview) return;
    setBusy("mapping");
    try {
      setPreview(await api.put<ImportPreview>(`${baseUrl}/imports/${preview.id}/mapping`, { mapping }));
      message.success(t("import.mappingApplied"));
    } catch (e) {
      handleError(e);
    } finally {
      setBusy(null);
    }
  };

  const confirm = async () => {
    if (!preview) return;
    setBusy("confirm");
    try {
      setResult(await api.post<ImportResult>(`${baseUrl}/imports/${preview.id}/confirm`));
      await Promise.all(invalidateKeys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
      setStep(3);
    } catch (e) {
      handleError(e);
      if (isApiError(e, "IMPORT_HAS_ERRORS")) {
        const fresh = await api.get<ImportPreview>(`${baseUrl}/imports/${preview.id}`).catch(() => null);
        if (fresh) setPreview(fresh);
      }
    } finally {
      setBusy(null);
    }
  };

  /** Back to step 1, discarding the previewed job on the server. */
  const restart = () => {
    if (preview && preview.status === "previewed" && !result) {
      void api.delete(`${baseUrl}/imports/${preview.id}`).catch(() => undefined);
    }
    setPreview(null);
    setResult(null);
    setUploadError(null);
    setStep(0);
  };

  return (
    <Card>
      <Steps
        current={step}
        size="small"
        orientation={isMobile ? "vertical" : "horizontal"}
        items={[
          { title: t("import.step.upload") },
          { title: t("import.step.preview") },
          { title: t("import.step.confirm") },
          { title: t("import.step.result") },
        ]}
        style={{ marginBottom: 24 }}
      />
      {step === 0 && (
        <UploadStep
          baseUrl={baseUrl}
          templateName={templateName}
          uploading={busy === "upload"}
          error={uploadError}
          onUpload={upload}
        />
      )}
      {step === 1 && preview && (
        <PreviewStep preview={preview} savingMapping={busy === "mapping"} onApplyMapping={applyMapping} />
      )}
      {step === 2 && preview && <ConfirmStep preview={preview} confirming={busy === "confirm"} onConfirm={confirm} />}
      {step === 3 && result && <ResultStep result={result} listPath={listPath} onAgain={restart} />}
      {(step === 1 || step === 2) && (
        <Flex gap={8} justify="flex-end" wrap style={{ marginTop: 24 }}>
          <Button onClick={restart}>{t("import.reupload")}</Button>
          {step === 2 && <Button onClick={() => setStep(1)}>{t("import.previous")}</Button>}
          {step === 1 && (
            <Button type="primary" onClick={() => setStep(2)}>
              {t("import.next")}
            </Button>
          )}
        </Flex>
      )}
    </Card>
  );
}
