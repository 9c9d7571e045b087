import type { OrgUnit, OrgUnitKind } from "@zonedesk/contracts";
import { App, Form, Modal } from "antd";
import { useEffect } from "react";
import { useT } from "../../../i18n";
import { useErrorHandler } from "../../../lib/use-error-handler";
import { useSaveOrgUnit } from "../api/org-units-api";
import { OrgUnitFields } from "./org-unit-fields";

interface Values {
  name: string;
  kind: OrgUnitKind;
  divisionCode?: string;
}

const childKind: Record<OrgUnitKind, OrgUnitKind> = {
  province: "city",
  city: "county",
  county: "zone",
  zone: "park",
  park: "park",
};

/** A new unit under the chosen parent. */
export function CreateOrgUnitModal({ parent, onClose }: { parent: OrgUnit | null; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveOrgUnit();
  const handleError = useErrorHandler();

  useEffect(() => {
    if (parent) form.setFieldsValue({ name: "", kind: childKind[parent.kind], divisionCode: undefined });
  }, [parent, form]);

  const onFinish = async (values: Values) => {
    if (!parent) return;
    try {
      await save.mutateAsync({
        id: null,
        body: {
          parentId: parent.id,
          name: values.name.trim(),
          kind: values.kind,
          divisionCode: values.divisionCode?.trim() || null,
        },
      });
      message.success(t("common.saved"));
      onClose();
    } catch (e) {
      handleError(e, form);
    }
  };

  return (
    <Modal
      open={parent !== null}
      title={parent ? t("orgUnit.createChildTitle", { name: parent.name }) : ""}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      confirmLoading={save.isPending}
      destroyOnHidden
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={onFinish}>
        <OrgUnitFields />
      </Form>
    </Modal>
  );
}
