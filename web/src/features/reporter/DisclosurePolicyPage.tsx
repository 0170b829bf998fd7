// The public disclosure policy: how to report a vulnerability, the deadline, encryption with the team key,
// and safe harbour. The policy's HTML was rendered and sanitised by the server.
import { disclosureApi } from '../admin/disclosure/disclosureApi.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { useApiQuery } from '../../hooks/useApi.ts';

export function DisclosurePolicyPage() {
  const policy = useApiQuery(['disclosureApi.policy'], () => disclosureApi.policy());
  const data = policy.data;
  return (
    <>
      <PageHeading title="Vulnerability disclosure policy" />
      {data ? (
        <>
          <div className="policy" dangerouslySetInnerHTML={{ __html: data.html }} />
          <section aria-labelledby="contact-heading" className="card section-gap">
            <h2 id="contact-heading">Contact</h2>
            <ul className="link-list">
              <li>
                Report form: <a href={data.reportUrl}>{data.reportUrl}</a>
              </li>
              <li>
                E-mail: <a href={`mailto:${data.securityEmail}`}>{data.securityEmail}</a>
              </li>
              {data.publicKey ? (
                <li>
                  OpenPGP key: <a href={data.publicKey.url}>{data.publicKey.url}</a>, fingerprint{' '}
                  <code>{data.publicKey.fingerprintGrouped}</code>
                </li>
              ) : null}
              <li>Disclosure deadline: {data.defaultDisclosureDays} days after we receive a report, unless agreed otherwise.</li>
            </ul>
          </section>
        </>
      ) : policy.error ? (
        <ErrorAlert error={policy.error} />
      ) : (
        <Loading what="Loading the policy" />
      )}
    </>
  );
}
