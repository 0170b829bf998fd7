// One triage action on the report page: busy while it runs, then a status message, or the server's error
// (focus goes to the first marked field, else to the message). The answer is the report as it now is, which
// replaces the page's copy.
import { useState } from 'react';
import { asApiError, type ApiError } from '../../api.ts';
import type { ReportDetail } from './reportsApi.ts';
import { useErrorFocus } from '../../hooks/useErrorFocus.ts';

export function useReportAction(onChanged: (report: ReportDetail) => void) {
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [done, setDone] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const { formRef, alertRef } = useErrorFocus(error);

  /** Runs the change; the report as it now is, or undefined when it failed. */
  const run = async (work: () => Promise<ReportDetail>, message: string): Promise<ReportDetail | undefined> => {
    setBusy(true);
    try {
      const report = await work();
      setError(undefined);
      setDone(message);
      onChanged(report);
      return report;
    } catch (err) {
      setDone(undefined);
      setError(asApiError(err));
      return undefined;
    } finally {
      setBusy(false);
    }
  };

  return { error, setError, done, setDone, busy, formRef, alertRef, run };
}
