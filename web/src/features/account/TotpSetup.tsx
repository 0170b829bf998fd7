// Setting up an authenticator app: the server makes a secret (shown once, as a QR code to scan, as text and as
// an otpauth:// link that authenticator apps open), the user confirms with the app's current code, and gets 10
// recovery codes. The QR code is drawn in the browser (the `qrcode` library) as an SVG image in a data: URL,
// which the Content-Security-Policy allows for images (no inline script or style).
import { useEffect, useState, type SubmitEvent } from 'react';
import { api, type TotpEnrolment } from '../../api.ts';
import { useFormMutation } from '../../hooks/useFormMutation.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { RecoveryCodes } from './RecoveryCodes.tsx';
import { TextField } from '../../ui/TextField.tsx';

interface Props {
  /** Called once the recovery codes have been acknowledged. */
  onEnabled: () => void;
}

/** The secret in groups of four, as authenticator apps show and accept it. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/** The otpauth:// URI as a QR code: an SVG image as a data: URL, or undefined while it is drawn. */
function useQrCode(uri: string | undefined): string | undefined {
  // The image with the URI it was drawn for: one drawn for an earlier URI is not shown.
  const [image, setImage] = useState<{ uri: string; url: string } | undefined>(undefined);
  useEffect(() => {
    if (!uri) return;
    let live = true;
    void import('qrcode')
      .then((mod) => {
        // A CommonJS package: its functions may come as the default export, or only as named exports (which
        // its types do not say).
        const qr = (mod as Partial<typeof mod>).default ?? mod;
        return qr.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      })
      .then((svg) => {
        if (live) setImage({ uri, url: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` });
      })
      .catch(() => undefined); // the key and the link below still work
    return () => {
      live = false;
    };
  }, [uri]);
  return image && image.uri === uri ? image.url : undefined;
}

export function TotpSetup({ onEnabled }: Props) {
  const [enrolment, setEnrolment] = useState<TotpEnrolment | undefined>(undefined);
  const [codes, setCodes] = useState<string[] | undefined>(undefined);
  const [code, setCode] = useState('');
  const { run, error, busy, fields, formRef, alertRef } = useFormMutation();
  const qrCode = useQrCode(enrolment?.uri);

  const begin = () =>
    run(async () => {
      setEnrolment(await api.me.beginTotp());
    });

  const confirm = async (e: SubmitEvent) => {
    e.preventDefault();
    const confirmed = await run(async () => {
      setCodes((await api.me.confirmTotp(code.trim())).recoveryCodes);
      return true;
    });
    // A wrong code is typed again.
    if (!confirmed) setCode('');
  };

  if (codes) {
    return (
      <>
        <div className="alert alert-success" role="status">
          <p className="alert-message">Your authenticator app is set up. From now on, signing in asks for its code.</p>
        </div>
        <RecoveryCodes codes={codes} onDone={onEnabled} />
      </>
    );
  }

  if (!enrolment) {
    return (
      <div className="stack-small">
        <ErrorAlert error={error} alertRef={alertRef} />
        <p>
          An authenticator app (such as Aegis, FreeOTP, Google Authenticator or 1Password) shows a new 6-digit code every 30 seconds. With
          it set up, a stolen password alone is not enough to sign in as you.
        </p>
        <button type="button" onClick={begin} disabled={busy}>
          {busy ? 'Preparing…' : 'Set up an authenticator app'}
        </button>
      </div>
    );
  }

  return (
    <div className="stack-small">
      <ol className="steps">
        <li>
          <p>
            Add Parapet to your authenticator app: scan this QR code with the app; on this device,{' '}
            <a href={enrolment.uri}>open the set-up link in your authenticator app</a>; otherwise enter this key in the app by hand
            (time-based, 6 digits, every 30 seconds):
          </p>
          {qrCode ? (
            <img
              className="totp-qr"
              src={qrCode}
              width={220}
              height={220}
              alt="QR code of the authenticator set-up link (the same as the key below)"
            />
          ) : null}
          <p className="secret">
            <span className="muted">Key: </span>
            <code data-secret={enrolment.secret}>{grouped(enrolment.secret)}</code>
          </p>
          <p className="uri">
            <span className="muted">Set-up link: </span>
            <code>{enrolment.uri}</code>
          </p>
        </li>
        <li>
          <p>Enter the code the app now shows for Parapet.</p>
          <form ref={formRef} onSubmit={confirm} noValidate className="form">
            <ErrorAlert error={error} alertRef={alertRef} shownFields={['code']} />
            <TextField
              label="Code from the app"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              required
              value={code}
              onChange={(e) => setCode(e.target.value)}
              error={fields.code}
            />
            <button type="submit" disabled={busy}>
              {busy ? 'Checking…' : 'Turn on the authenticator app'}
            </button>
          </form>
        </li>
      </ol>
    </div>
  );
}
