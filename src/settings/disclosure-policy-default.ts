// The default disclosure policy (Markdown), drawn from seed 003: responsible disclosure with 90 days by
// default, the reporter's say in the date, how to report, encryption with the team key, and safe harbour.

export interface PolicyFacts {
  securityEmail: string;
  reportUrl: string;
  publicKeyUrl: string;
  /** Days from receipt to disclosure unless agreed otherwise. */
  days: number;
}

export function defaultPolicyMarkdown({ securityEmail, reportUrl, publicKeyUrl, days }: PolicyFacts): string {
  return `We welcome reports of security vulnerabilities in our products and services, and we work with the people who
report them to fix the problem before it is made public (responsible disclosure).

## How to report

- Use the [report form](${reportUrl}) (no account needed), or write to <${securityEmail}>.
- Describe the affected product and version, the steps to reproduce the problem, and its impact as you see it.
- Tell us how you would like to be credited, and whether you have a date in mind for publishing.

## Encryption

Reports may be confidential. Encrypt your mail to our team's OpenPGP key, published at
<${publicKeyUrl}> (compare the fingerprint shown on this page). If you give us your own public key with a report,
our mail to you about it is encrypted too.

## What happens next

1. We acknowledge your report, usually within two business days, and tell you its tracking number.
2. We reproduce and assess the problem, and keep you informed while we fix it.
3. We publish the fix and an advisory, and thank you for the report unless you prefer to stay anonymous.

## Disclosure deadline

We aim to release a fix and publish details within **${days} days** of receiving your report. You have a say in the
date: tell us if you prefer an earlier or later one, and we agree any extension with you and record why. If the
vulnerability is already being exploited, we may both decide to publish sooner. Until the agreed date, please keep
the details confidential.

## Safe harbour

We will not take legal action against, or ask law enforcement to investigate, anyone who reports a vulnerability to
us in good faith and in line with this policy: who avoids harming our users, their privacy and their data; who
tests only against their own accounts and data; who does not degrade our services; and who gives us reasonable time
to fix the problem before publishing. If in doubt, ask us first at <${securityEmail}>.
`;
}
