// One triage action on the report page (useFormMutation): busy while it runs, then a status message, or the
// server's error (focus goes to the first marked field, else to the message). The answer is the report as it
// now is, which replaces the page's copy.
import type { ReportDetail } from '../../contract.ts';
import { useFormMutation } from '../../hooks/useFormMutation.ts';

export function useReportAction(onChanged: (report: ReportDetail) => void) {
  return useFormMutation<ReportDetail>({ onSuccess: onChanged });
}
