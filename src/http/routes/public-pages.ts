// The pages security.txt points people and tools at, served to any client: the disclosure policy (Policy) and
// the report form (Contact). A browser asking for HTML gets the web UI, as for any page; a client that does not
// ask for HTML (curl, security.txt checkers, scripts) gets the policy as readable text, and the report page as
// text saying how to report without a browser. Without a built web UI, HTML clients get a plain server-rendered
// page. None of it depends on the web UI's scripts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatFingerprint } from '../../pgp/index.ts';
import { renderMarkdown } from '../../markdown/render.ts';
import type { Services } from '../../services.ts';
import { POLICY_PATH, REPORT_FORM_PATH, SECURITY_TXT_PATH, urlOn } from '../../settings/security-txt.ts';

const TEXT = 'text/plain; charset=utf-8';
const HTML = 'text/html; charset=utf-8';

/** True when the client lists text/html among what it accepts (browsers do; curl's default does not). */
export function wantsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').split(',').some((part) => {
    const [type, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    return type?.trim() === 'text/html' && (q === undefined || Number(q) > 0);
  });
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

function htmlPage(title: string, bodyHtml: string): string {
  return `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>${escapeHtml(title)}</title>\n</head>\n<body>\n<main>\n<h1>${escapeHtml(title)}</h1>\n${bodyHtml}\n</main>\n</body>\n</html>\n`;
}

export function publicPageRoutes(app: FastifyInstance, services: Services, publicUrl: URL, options: { webUi: boolean }): void {
  const tags = ['disclosure'];
  const host = publicUrl.host;

  /** The web UI for browsers when it is built; otherwise the server's own rendering. */
  const answer = async (request: FastifyRequest, reply: FastifyReply, page: { title: string; text: string; html: string }) => {
    reply.header('vary', 'Accept').header('cache-control', 'no-cache');
    if (wantsHtml(request)) {
      if (options.webUi) return reply.type(HTML).sendFile('index.html');
      return reply.type(HTML).send(htmlPage(page.title, page.html));
    }
    return reply.type(TEXT).send(page.text);
  };

  const keyLines = (key: { url: string; fingerprint: string } | null) =>
    key ? [`OpenPGP key of the security team: ${key.url}`, `Fingerprint: ${formatFingerprint(key.fingerprint)}`] : [];

  app.get(
    POLICY_PATH,
    {
      schema: {
        tags,
        summary:
          'The disclosure policy page (security.txt Policy): the web UI for browsers, the policy as text (Markdown) for other clients',
        produces: ['text/plain', 'text/html'],
      },
    },
    async (request, reply) => {
      const p = await services.disclosure.policy(publicUrl);
      const contact = [
        `Report a vulnerability: ${p.reportUrl}`,
        `E-mail: ${p.securityEmail}`,
        ...keyLines(p.publicKey),
        `security.txt: ${urlOn(publicUrl, SECURITY_TXT_PATH)}`,
      ];
      const title = `Disclosure policy of ${host}`;
      return answer(request, reply, {
        title,
        text: `# ${title}\n\n${p.markdown.replace(/\n*$/, '\n')}\n---\n${contact.join('\n')}\n`,
        html: `${await renderMarkdown(p.markdown)}\n<ul>${contact.map((c) => `<li>${escapeHtml(c)}</li>`).join('')}</ul>`,
      });
    },
  );

  app.get(
    REPORT_FORM_PATH,
    {
      schema: {
        tags,
        summary: 'The report form (security.txt Contact): the web UI for browsers, how to report as text for other clients',
        produces: ['text/plain', 'text/html'],
      },
    },
    async (request, reply) => {
      const p = await services.disclosure.policy(publicUrl);
      const lines = [
        `To report a security vulnerability to ${host}:`,
        '',
        `- Open ${p.reportUrl} in a web browser: the report form needs JavaScript, and no account.`,
        `- Or write to ${p.securityEmail}${p.publicKey ? ', encrypted to the key below' : ''}.`,
        `- Or send the report as JSON to POST ${urlOn(publicUrl, '/api/reports')} (described at ${urlOn(publicUrl, '/api/docs')}).`,
        '',
        ...keyLines(p.publicKey),
        `Disclosure policy: ${urlOn(publicUrl, POLICY_PATH)}`,
      ];
      return answer(request, reply, {
        title: `Report a vulnerability to ${host}`,
        text: `${lines.join('\n')}\n`,
        html: `<ul>${lines
          .filter((l) => l.startsWith('- '))
          .map((l) => `<li>${escapeHtml(l.slice(2))}</li>`)
          .join('')}</ul>\n<p>${keyLines(p.publicKey).map(escapeHtml).join('<br>')}</p>`,
      });
    },
  );
}
