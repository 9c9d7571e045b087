import type { ProjectPage } from "@zonedesk/contracts";
import { useT } from "../../i18n";
import { api } from "../../lib/api";
import { type PickerProps, SearchSelect } from "./search-select";

/** Finds one key project the user may see by name as they type (GET /api/projects?q=). */
export function ProjectPicker(props: PickerProps) {
  const t = useT();
  return (
    <SearchSelect
      {...props}
      placeholder={t("common.pickProject")}
      queryKey={["projects", "picker"]}
      fetchOptions={async (q) => {
        const page = await api.get<ProjectPage>("/projects", { q: q || undefined, pageSize: 20 });
        return page.data.map((p) => ({ value: p.id, label: p.name }));
      }}
    />
  );
}
