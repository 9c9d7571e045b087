import type { Enterprise } from "@zonedesk/contracts";
import { Empty, Flex, Pagination, Spin } from "antd";
import { useT } from "../../../i18n";
import { EnterpriseCard } from "./enterprise-card";

interface EnterpriseCardListProps {
  data: Enterprise[];
  loading: boolean;
  total: number;
  page: number;
  pageSize: number;
  selectedIds?: string[];
  onSelect?: (ids: string[]) => void;
  onPageChange: (page: number) => void;
}

/** The register on a phone: a column of cards with simple paging. */
export function EnterpriseCardList(props: EnterpriseCardListProps) {
  const { data, loading, total, page, pageSize, selectedIds = [], onSelect, onPageChange } = props;
  const t = useT();
  return (
    <Spin spinning={loading}>
      <Flex vertical gap={8}>
        {data.length === 0 && !loading && <Empty description={t("common.noData")} />}
        {data.map((e) => (
          <EnterpriseCard
            key={e.id}
            enterprise={e}
            selected={selectedIds.includes(e.id)}
            onSelectChange={
              onSelect
                ? (checked) => onSelect(checked ? [...selectedIds, e.id] : selectedIds.filter((id) => id !== e.id))
                : undefined
            }
          />
        ))}
        {total > pageSize && (
          <Pagination
            simple
            current={page}
            pageSize={pageSize}
            total={total}
            onChange={onPageChange}
            style={{ alignSelf: "center", marginTop: 8 }}
          />
        )}
      </Flex>
    </Spin>
  );
}
