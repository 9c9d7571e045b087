import type { TablePaginationConfig } from "antd";
import type { Translate } from "../i18n";

interface ServerPage {
  page: number;
  pageSize: number;
  total: number;
  /** The server stopped counting (a very broad search): show "more than N". */
  totalIsLowerBound?: boolean;
  onChange?: (page: number, pageSize: number) => void;
}

/** Table pagination for a server-paged list: current page, size changer and "共 N 条". */
export function serverPagination(t: Translate, p: ServerPage): TablePaginationConfig {
  return {
    current: p.page,
    pageSize: p.pageSize,
    total: p.total,
    showSizeChanger: true,
    showTotal: (n) => (p.totalIsLowerBound ? t("common.totalAtLeast", { total: n }) : t("common.total", { total: n })),
    onChange: p.onChange,
  };
}
