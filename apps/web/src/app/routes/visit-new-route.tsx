import { IssueDraftFields } from "../../features/issues/components/issue-draft-fields";
import { VisitFormPage } from "../../features/visits/pages/visit-form-page";

/** /visits/new — the visit form with the issues feature's fields for each issue raised on the spot. */
export function VisitNewRoute() {
  return <VisitFormPage issueFields={(prefix) => <IssueDraftFields prefix={prefix} />} />;
}
