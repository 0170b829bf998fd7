// Administration: security.txt exactly as it is served now, with what an administrator should know about it.
import type { Loaded } from '../../../hooks/useApi.ts';
import type { SecurityTxtPreview as Preview } from './disclosureApi.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { Loading } from '../../../ui/Loading.tsx';

export function SecurityTxtPreview({ preview }: { preview: Loaded<Preview> }) {
  const data = preview.data;
  return (
    <section aria-labelledby="security-txt-heading" className="card">
      <h2 id="security-txt-heading">security.txt as served now</h2>
      {data ? (
        <>
          <p>
            At <a href={data.url}>{data.url}</a>
            {data.signed ? ', signed with the team key' : ', not signed'}. Expires is renewed every day.
          </p>
          {data.warnings.length > 0 ? (
            <div className="alert alert-warning">
              <ul>
                {data.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <pre className="mail-text" tabIndex={0}>
            {data.text}
          </pre>
        </>
      ) : preview.error ? (
        <ErrorAlert error={preview.error} />
      ) : (
        <Loading what="Loading security.txt" />
      )}
    </section>
  );
}
