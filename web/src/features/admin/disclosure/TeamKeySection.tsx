// Administration: the team OpenPGP key. Shows the current key (fingerprint, user ids, algorithm, dates) and
// offers to generate a new key, import an existing private key, export the private key for the team's mail
// program, or remove the key. Every change is sensitive (it may ask for the password again) and replaces the
// published key at /.well-known/pgp-key.txt.
import { useState, type SubmitEvent, type ReactNode } from 'react';
import { disclosureApi, type TeamKey } from './disclosureApi.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { TextAreaField } from '../../../ui/TextAreaField.tsx';
import { TextField } from '../../../ui/TextField.tsx';
import { ConfirmBox } from '../../../ui/ConfirmBox.tsx';
import { useFormMutation } from '../../../hooks/useFormMutation.ts';
import { Time } from '../../../ui/Time.tsx';

interface Props {
  teamKey: TeamKey | null;
  defaultName: string;
  defaultEmail: string;
  onChanged: (message: string) => void;
}

function KeyDetails({ teamKey }: { teamKey: TeamKey }) {
  const facts: [string, ReactNode][] = [
    ['User IDs', teamKey.userIds.join('; ') || '—'],
    ['Algorithm', teamKey.algorithm],
    ['Created', <Time value={teamKey.createdAt} />],
    ['Expires', teamKey.expiresAt ? <Time value={teamKey.expiresAt} /> : 'Never'],
    [teamKey.source === 'generated' ? 'Generated here' : 'Imported', <Time value={teamKey.addedAt} />],
  ];
  return (
    <>
      <p className="uri">
        Fingerprint: <code>{teamKey.fingerprintGrouped}</code>
      </p>
      <dl className="details details-compact">
        {facts.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

function GenerateForm({
  defaultName,
  defaultEmail,
  replacing,
  onDone,
}: {
  defaultName: string;
  defaultEmail: string;
  replacing: boolean;
  onDone: (key: TeamKey) => void;
}) {
  const [name, setName] = useState(defaultName);
  const [email, setEmail] = useState(defaultEmail);
  const { run, error, busy, fields, formRef, alertRef } = useFormMutation<TeamKey>({ onSuccess: onDone });

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    void run(() => disclosureApi.generateKey({ name, email }));
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="form" aria-labelledby="generate-key-heading">
      <h3 id="generate-key-heading">Generate a new key</h3>
      <p className="hint">
        An Ed25519 key with a Curve25519 encryption subkey, without expiry.{replacing ? ' It replaces the current key.' : ''}
      </p>
      <ErrorAlert error={error} alertRef={alertRef} shownFields={['name', 'email']} />
      <TextField label="Name on the key" name="name" value={name} onChange={(e) => setName(e.target.value)} error={fields.name} required />
      <TextField
        label="E-mail address on the key"
        name="email"
        type="email"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={fields.email}
        required
      />
      <button type="submit" disabled={busy}>
        {busy ? 'Generating…' : replacing ? 'Generate and replace the key' : 'Generate the key'}
      </button>
    </form>
  );
}

function ImportForm({ replacing, onDone }: { replacing: boolean; onDone: (key: TeamKey) => void }) {
  const [privateKey, setPrivateKey] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const { run, error, busy, fields, formRef, alertRef } = useFormMutation<TeamKey>({
    onSuccess: (key) => {
      setPrivateKey('');
      onDone(key);
    },
  });

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    await run(() => disclosureApi.importKey(passphrase ? { privateKey, passphrase } : { privateKey }));
    // The passphrase is not kept, whether the key was taken or not.
    setPassphrase('');
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="form" aria-labelledby="import-key-heading">
      <h3 id="import-key-heading">Import a private key</h3>
      <ErrorAlert error={error} alertRef={alertRef} shownFields={['privateKey', 'passphrase']} />
      <TextAreaField
        label="Private key (ASCII-armoured)"
        name="privateKey"
        hint={`From "gpg --armor --export-secret-keys KEY-ID". It must be able to sign and encrypt.${replacing ? ' It replaces the current key.' : ''}`}
        rows={6}
        spellCheck={false}
        autoComplete="off"
        value={privateKey}
        onChange={(e) => setPrivateKey(e.target.value)}
        error={fields.privateKey ? [fields.privateKey] : undefined}
      />
      <TextField
        label="Passphrase (if the key has one)"
        name="passphrase"
        type="password"
        autoComplete="off"
        hint="Used once to unlock the key. Parapet stores the key without it."
        value={passphrase}
        onChange={(e) => setPassphrase(e.target.value)}
        error={fields.passphrase}
      />
      <button type="submit" disabled={busy}>
        {busy ? 'Importing…' : 'Import the key'}
      </button>
    </form>
  );
}

export function TeamKeySection({ teamKey, defaultName, defaultEmail, onChanged }: Props) {
  const [exported, setExported] = useState<string | undefined>(undefined);
  const [confirming, setConfirming] = useState(false);
  const { run, error, busy, alertRef } = useFormMutation();

  const act = async (work: () => Promise<void>) => {
    await run(work);
    setConfirming(false);
  };

  const changed = (key: TeamKey, verb: string) => {
    setExported(undefined);
    onChanged(`${verb} the team key ${key.fingerprintGrouped}.`);
  };

  return (
    <section aria-labelledby="team-key-heading" className="card">
      <h2 id="team-key-heading">Team OpenPGP key</h2>
      <ErrorAlert error={error} alertRef={alertRef} />
      {teamKey ? (
        <>
          <p>
            Published at <a href="/.well-known/pgp-key.txt">/.well-known/pgp-key.txt</a> and named in security.txt, so reporters can encrypt
            to it.
          </p>
          <KeyDetails teamKey={teamKey} />
          {exported ? (
            <div className="alert alert-warning">
              <p>
                This is the team's private key, without a passphrase. Store it in your mail program or key manager and keep it secret. It is
                shown only now.
              </p>
              <TextAreaField label="Private key" name="exportedKey" rows={6} readOnly spellCheck={false} value={exported} />
            </div>
          ) : null}
          {confirming ? (
            <ConfirmBox
              question="Remove the team key? security.txt then names no key, and mail encrypted to it can no longer be read here."
              confirm="Yes, remove the key"
              onConfirm={() =>
                void act(async () => {
                  await disclosureApi.removeKey();
                  setExported(undefined);
                  onChanged('Removed the team key.');
                })
              }
              onCancel={() => setConfirming(false)}
              busy={busy}
            />
          ) : (
            <div className="button-row">
              <button
                type="button"
                className="button-secondary"
                disabled={busy}
                onClick={() =>
                  act(async () => {
                    setExported((await disclosureApi.exportKey()).privateKey);
                  })
                }
              >
                Show the private key
              </button>
              <button type="button" className="button-danger" disabled={busy} onClick={() => setConfirming(true)}>
                Remove the key
              </button>
            </div>
          )}
        </>
      ) : (
        <p>There is no team key yet. Generate one, or import the key your team already uses for its security address.</p>
      )}
      <div className="columns-even section-gap">
        <GenerateForm
          defaultName={defaultName}
          defaultEmail={defaultEmail}
          replacing={teamKey !== null}
          onDone={(k) => changed(k, 'Generated')}
        />
        <ImportForm replacing={teamKey !== null} onDone={(k) => changed(k, 'Imported')} />
      </div>
    </section>
  );
}
