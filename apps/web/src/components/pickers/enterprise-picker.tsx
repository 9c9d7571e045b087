import type { Enterprise, Page } from "@zonedesk/contracts";
import { useT } from "../../i18n";
import { api } from "../../lib/api";
import { type PickerProps, SearchSelect } from "./search-select";

/** Finds one enterprise by name or credit code as the user types (GET /api/enterprises?q=). */
export function EnterprisePicker(props: PickerProps) {
  const t = useT();
  return (
    <SearchSelect
      {...props}
      placeholder={t("assignment.pickEnterprise")}
      queryKey={["enterprises", "picker"]}
      fetchOptions={async (q) => {
        const page = await api.get<Page<Enterprise>>("/enterprises", {
          q: q || undefined,
          pageSize: 20,
          status: "active",
        });
        return page.data.map((e) => ({ value: e.id, label: `${e.name}（${e.creditCode}）` }));
      }}
    />
  );
}
