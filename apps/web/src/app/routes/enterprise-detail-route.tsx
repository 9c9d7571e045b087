import { EnterpriseDetailPage } from "../../features/enterprises/pages/enterprise-detail-page";
import { EnterpriseIssuesCard } from "../../features/issues/components/enterprise-issues-card";
import { EnterpriseVisitsCard } from "../../features/visits/components/enterprise-visits-card";
import { useCan } from "../../lib/current-user";

/** /enterprises/:id — the enterprise's page with its issues and its visits (features composed here, not in each other). */
export function EnterpriseDetailRoute() {
  const can = useCan();
  return (
    <EnterpriseDetailPage
      related={(enterprise) => (
        <>
          {can("issue.read") && <EnterpriseIssuesCard enterpriseId={enterprise.id} />}
          {can("visit.read") && <EnterpriseVisitsCard enterpriseId={enterprise.id} />}
        </>
      )}
    />
  );
}
