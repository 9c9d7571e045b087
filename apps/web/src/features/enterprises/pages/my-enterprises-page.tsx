import { Alert, Empty, Flex, Input, Typography } from "antd";
import { useState } from "react";
import { useT } from "../../../i18n";
import { useCurrentUser } from "../../../lib/current-user";
import { useEnterpriseList } from "../api/enterprises-api";
import { EnterpriseCardList } from "../components/enterprise-card-list";

const pageSize = 20;

/** 我的企业: the enterprises a leader or cadre looks after, as cards for a phone in the field. */
export function MyEnterprisesPage() {
  const t = useT();
  const { data: user } = useCurrentUser();
  const [q, setQ] = useState("");
  const [page, setPage] = useState(1);
  const list = useEnterpriseList({ q: q || undefined, page, pageSize, status: "active", sort: "name" });
  const total = list.data?.total ?? 0;

  return (
    <Flex vertical gap={12} style={{ maxWidth: 720, margin: "0 auto", width: "100%" }}>
      <div>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t("enterprise.my")}
        </Typography.Title>
        <Typography.Text type="secondary">
          {user?.displayName} · {t("common.total", { total })}
        </Typography.Text>
      </div>
      <Input.Search
        aria-label={t("common.search")}
        placeholder={t("enterprise.searchPlaceholder")}
        allowClear
        enterButton={t("common.search")}
        onSearch={(value) => {
          setQ(value.trim());
          setPage(1);
        }}
      />
      {list.isError && <Alert type="error" showIcon title={list.error.message} />}
      {!list.isFetching && total === 0 && !q ? (
        <Empty description={t("enterprise.myEmpty")} />
      ) : (
        <EnterpriseCardList
          data={list.data?.data ?? []}
          loading={list.isFetching}
          total={total}
          page={page}
          pageSize={pageSize}
          onPageChange={setPage}
        />
      )}
    </Flex>
  );
}
