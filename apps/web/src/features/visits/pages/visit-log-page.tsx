import { PlusOutlined } from "@ant-design/icons";
import type { Visit } from "@zonedesk/contracts";
import {
  Alert,
  Card,
  DatePicker,
  Empty,
  Flex,
  Pagination,
  Segmented,
  Spin,
  Table,
  type TableProps,
  Tag,
  Typography,
} from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { Link } from "react-router-dom";
import { LinkButton } from "../../../components/link-button";
import { PageHeader } from "../../../components/page-header";
import { EnterprisePicker } from "../../../components/pickers/enterprise-picker";
import { useT } from "../../../i18n";
import { useCan, useCurrentUser } from "../../../lib/current-user";
import { formatDate, toDateString } from "../../../lib/dates";
import { serverPagination } from "../../../lib/server-pagination";
import { useIsMobile } from "../../../lib/use-is-mobile";
import { useVisitList } from "../api/visits-api";

function VisitIssues({ visit }: { visit: Visit }) {
  if (visit.issues.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Flex vertical gap={2}>
      {visit.issues.map((i) => (
        <Link key={i.id} to={`/issues/${i.id}`} className="zd-break">
          {i.serialNo} {i.title}
        </Link>
      ))}
    </Flex>
  );
}

/** Who went: the participants recorded with the visit, else the one who recorded it. */
const whoVisited = (v: Visit) => v.participants.map((p) => p.displayName).join("、") || v.recordedByName;

/** 走访记录: my visits or all in my scope, by date and enterprise; cards on phones. */
export function VisitLogPage() {
  const t = useT();
  const can = useCan();
  const isMobile = useIsMobile();
  const { data: user } = useCurrentUser();
  const personal = user?.role === "leader" || user?.role === "cadre";
  const [mine, setMine] = useState(personal);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [enterpriseId, setEnterpriseId] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const list = useVisitList({
    mine: mine ? true : undefined,
    from: toDateString(range?.[0]),
    to: toDateString(range?.[1]),
    enterpriseId,
    page,
    pageSize,
  });
  const rows = list.data?.data ?? [];
  const total = list.data?.total ?? 0;

  const columns: TableProps<Visit>["columns"] = [
    { key: "visitedOn", title: t("visit.visitedOn"), dataIndex: "visitedOn", width: 110, render: formatDate },
    {
      key: "subject",
      title: t("visit.subject"),
      width: 220,
      render: (_, v) =>
        v.enterpriseId ? <Link to={`/enterprises/${v.enterpriseId}`}>{v.enterpriseName}</Link> : (v.projectName ?? "—"),
    },
    { key: "method", title: t("visit.method"), width: 80, render: (_, v) => t(`visit.method.${v.method}`) },
    {
      key: "recorder",
      title: t("visit.recorder"),
      width: 180,
      render: (_, v) => (
        <Flex vertical>
          <span>{whoVisited(v)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {v.recordedByUnitName}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: "summary",
      title: t("visit.summary"),
      dataIndex: "summary",
      render: (s: string) => (
        <Typography.Paragraph ellipsis={{ rows: 2, expandable: true }} style={{ margin: 0 }}>
          {s}
        </Typography.Paragraph>
      ),
    },
    { key: "issues", title: t("visit.issues"), width: 240, render: (_, v) => <VisitIssues visit={v} /> },
  ];

  return (
    <>
      <PageHeader
        title={t("visit.logTitle")}
        extra={
          can("visit.write") && (
            <LinkButton to="/visits/new" type="primary" icon={<PlusOutlined />}>
              {t("visit.new")}
            </LinkButton>
          )
        }
      />
      <Flex wrap gap={12} style={{ marginBottom: 16 }}>
        <Segmented<"mine" | "all">
          value={mine ? "mine" : "all"}
          onChange={(v) => {
            setMine(v === "mine");
            setPage(1);
          }}
          options={[
            { value: "mine", label: t("visit.scopeMine") },
            { value: "all", label: t("visit.scopeAll") },
          ]}
        />
        <DatePicker.RangePicker
          value={range}
          onChange={(r) => {
            setRange(r);
            setPage(1);
          }}
          allowEmpty={[true, true]}
          placeholder={[t("visit.dateRange"), t("visit.dateRange")]}
          style={{ width: isMobile ? "100%" : 280 }}
        />
        <div style={{ width: isMobile ? "100%" : 320 }}>
          <EnterprisePicker
            value={enterpriseId}
            onChange={(v) => {
              setEnterpriseId(v);
              setPage(1);
            }}
          />
        </div>
      </Flex>
      {list.isError && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 16 }} />}
      {isMobile ? (
        <Spin spinning={list.isFetching}>
          <Flex vertical gap={8}>
            {rows.length === 0 && !list.isFetching && <Empty description={t("visit.empty")} />}
            {rows.map((v) => (
              <Card key={v.id} size="small">
                <Flex vertical gap={4}>
                  <Flex justify="space-between" gap={8}>
                    <Typography.Text strong className="zd-break">
                      {v.enterpriseName ?? v.projectName}
                    </Typography.Text>
                    <Tag>{t(`visit.method.${v.method}`)}</Tag>
                  </Flex>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDate(v.visitedOn)} · {whoVisited(v)} · {v.recordedByUnitName}
                  </Typography.Text>
                  <Typography.Paragraph ellipsis={{ rows: 3, expandable: true }} style={{ margin: 0 }}>
                    {v.summary}
                  </Typography.Paragraph>
                  {v.issues.length > 0 && <VisitIssues visit={v} />}
                </Flex>
              </Card>
            ))}
            {total > pageSize && (
              <Pagination
                simple
                current={page}
                pageSize={pageSize}
                total={total}
                onChange={setPage}
                style={{ alignSelf: "center" }}
              />
            )}
          </Flex>
        </Spin>
      ) : (
        <Table<Visit>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={list.isFetching}
          scroll={{ x: 1000 }}
          pagination={serverPagination(t, {
            page,
            pageSize,
            total,
            onChange: (p, s) => {
              setPage(p);
              setPageSize(s);
            },
          })}
        />
      )}
    </>
  );
}
