import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Ctx } from '../../core/context.js';
import type { Domain } from '../../ports/store.js';
import { getDomain } from '../../core/domains/get-domain.js';
import { setNameservers } from '../../core/domains/set-nameservers.js';
import { parkDomain } from '../../core/domains/park-domain.js';
import { updateDomain } from '../../core/domains/update-domain.js';
import { getAuthCode } from '../../core/domains/get-auth-code.js';
import { MAX_NAMESERVERS, MIN_NAMESERVERS, domainNameservers } from '../../core/domains/nameserver-list.js';
import { usesParkNameservers } from '../../core/dns/nameservers.js';
import type { FormErrors, PageContext } from '../layout.js';
import type { SafeHtml } from '../html.js';
import { formErrors } from '../form-errors.js';
import { pageContext, sendPage } from '../request-state.js';
import { domainPage } from '../views/customer.js';
import { SAVED_NOTICES, authCodePage, domainPath, domainSettingsSection, type SavedNotice } from '../views/domain-settings.js';
import { customerOf } from './customer.js';
import { ctxOf } from '../../api/shared/actor-hook.js';

type Form = Record<string, string | undefined>;

/** What a refused form sent back to the page: its messages, and the values to show again. */
interface RefusedForm {
  errors: FormErrors;
  nameservers?: string[];
  renew?: boolean;
}

/** Fields the name server form shows with the domain's own list: two empty ones to add to it. */
const SPARE_FIELDS = 2;

/**
 * The settings part of the domain page (views/domain-settings.ts) for the domain page's GET (routes/
 * customer.ts) and for a refused form here. `?fields=all` shows the client API's maximum of name
 * server fields (the page has no script to add one); `?saved=` names the change just made.
 */
export function domainSettings(request: FastifyRequest, ctx: Ctx, domain: Domain, refused?: RefusedForm): SafeHtml {
  const query = request.query as Form;
  const current = domainNameservers(domain);
  const values = refused?.nameservers ?? current;
  const count = query.fields === 'all' ? MAX_NAMESERVERS : Math.max(MIN_NAMESERVERS + SPARE_FIELDS, values.length + (refused?.nameservers ? 0 : SPARE_FIELDS));
  const nameserverFields = Array.from({ length: Math.min(MAX_NAMESERVERS, Math.max(count, values.length)) }, (_, i) => values[i] ?? '');
  const saved = !refused && typeof query.saved === 'string' && query.saved in SAVED_NOTICES ? (query.saved as SavedNotice) : undefined;
  return domainSettingsSection(pageContext(request), {
    domain,
    nameserverFields,
    maxNameservers: MAX_NAMESERVERS,
    minNameservers: MIN_NAMESERVERS,
    parked: usesParkNameservers(ctx.settings, current),
    parkNameservers: ctx.settings.parkNameservers,
    ourNameservers: ctx.settings.nameservers,
    renew: refused && 'renew' in refused ? refused.renew : domain.renew === 1,
    errors: refused?.errors ?? {},
    saved,
  });
}

/**
 * The name server fields a form sent (`ns-1` ... up to the maximum), as typed, and the non-empty ones
 * for the core with the field each came from: an empty field is one not used, and the core's
 * `nameservers.N` is the Nth non-empty one.
 */
function nameserverFieldsOf(body: Form): { fields: string[]; given: string[]; fieldOf: number[] } {
  const fields: string[] = [];
  for (let i = 1; i <= MAX_NAMESERVERS && body[`ns-${i}`] !== undefined; i++) fields.push(body[`ns-${i}`]!);
  const fieldOf: number[] = [];
  const given: string[] = [];
  fields.forEach((value, i) => {
    if (value.trim() === '') return;
    fieldOf.push(i);
    given.push(value);
  });
  return { fields, given, fieldOf };
}


/**
 * The domain page again with a refused form's messages, 400: the core changed nothing. The domain is
 * read anew through the core, so another account's name is a 404 here too.
 */
async function sendRefused(request: FastifyRequest, reply: FastifyReply, ctx: Ctx, userId: number, name: string, refused: RefusedForm): Promise<FastifyReply> {
  const { domain } = await getDomain(ctx, userId, name);
  return sendPage(reply, 400, domainPage(contextAt(request, domain), { domain, nameservers: domainNameservers(domain), settings: domainSettings(request, ctx, domain, refused) }));
}

const paramName = (request: FastifyRequest): string => (request.params as { name: string }).name;

/**
 * The page context of a page drawn in answer to a POST: its language switch comes back to the domain
 * page, since the form's address has no page of its own to GET.
 */
const contextAt = (request: FastifyRequest, domain: Domain): PageContext => ({ ...pageContext(request), path: domainPath(domain) });

/**
 * The domain page's forms, each one core command as the client API's route for it calls it:
 * name servers (PUT .../nameservers: setNameservers, replace), park (PUT .../nameservers/park:
 * parkDomain), unpark (our name servers by the same PUT), auto-renew (PATCH domain: updateDomain) and
 * the auth code (GET .../authcode: getAuthCode, here a POST since it makes a new secret).
 */
export function domainSettingsRoutes(app: FastifyInstance): void {
  /** Runs a change; on success 303 to the domain page with its notice, on a refusal the page with messages. */
  async function change(request: FastifyRequest, reply: FastifyReply, run: (userId: number, name: string) => Promise<SavedNotice>, refusedOf: (err: unknown) => RefusedForm | undefined): Promise<FastifyReply> {
    const ctx = ctxOf(request);
    const user = customerOf(request, reply);
    if (!user) return reply;
    const name = paramName(request);
    let saved: SavedNotice;
    try {
      saved = await run(user.id, name);
    } catch (err) {
      const refused = refusedOf(err);
      if (!refused) throw err;
      return sendRefused(request, reply, ctx, user.id, name, refused);
    }
    const { domain } = await getDomain(ctx, user.id, name);
    return reply.redirect(`${domainPath(domain)}?saved=${saved}`, 303);
  }

  app.post('/domains/:name/nameservers', async (request, reply) => {
    const ctx = ctxOf(request);
    const { fields, given, fieldOf } = nameserverFieldsOf(request.body as Form);
    return change(
      request, reply,
      async (userId, name) => {
        await setNameservers(ctx, userId, name, { nameservers: given, mode: 'replace' });
        return 'nameservers';
      },
      (err) => {
        const errors = formErrors(pageContext(request).t, err, 'nameservers', (field) => {
          const n = /^nameservers\.([0-9]+)$/.exec(field)?.[1];
          const index = n === undefined ? undefined : fieldOf[Number(n)];
          return index === undefined ? undefined : `ns-${index + 1}`;
        });
        return errors && { errors, nameservers: fields };
      },
    );
  });

  app.post('/domains/:name/park', async (request, reply) =>
    change(request, reply, async (userId, name) => {
      await parkDomain(ctxOf(request), userId, name);
      return 'park';
    }, (err) => {
      const errors = formErrors(pageContext(request).t, err, 'parking');
      return errors && { errors };
    }));

  // Unparking is what the client API's user does: PUT our name servers in place of the park servers.
  app.post('/domains/:name/unpark', async (request, reply) =>
    change(request, reply, async (userId, name) => {
      const ctx = ctxOf(request);
      await setNameservers(ctx, userId, name, { nameservers: ctx.settings.nameservers, mode: 'replace' });
      return 'unpark';
    }, (err) => {
      const errors = formErrors(pageContext(request).t, err, 'parking');
      return errors && { errors };
    }));

  app.post('/domains/:name/renew', async (request, reply) => {
    const ctx = ctxOf(request);
    const value = (request.body as Form).renew;
    const renew = value === '1' ? true : value === '0' ? false : undefined;
    if (renew === undefined) {
      // A form sent without a choice is the panel's to refuse, as the API's schema refuses a renew that
      // is not a boolean; sendRefused reads the domain, so another account's name is still a 404.
      const user = customerOf(request, reply);
      if (!user) return reply;
      return sendRefused(request, reply, ctx, user.id, paramName(request), { errors: { renew: pageContext(request).t('settings.renew.choose') }, renew: undefined });
    }
    return change(request, reply, async (userId, name) => {
      await updateDomain(ctx, userId, name, { renew });
      return renew ? 'renewOn' : 'renewOff';
    }, (err) => {
      const errors = formErrors(pageContext(request).t, err, 'renew');
      return errors && { errors, renew };
    });
  });

  app.post('/domains/:name/authcode', async (request, reply) => {
    const ctx = ctxOf(request);
    const user = customerOf(request, reply);
    if (!user) return reply;
    const name = paramName(request);
    let code: string;
    try {
      code = await getAuthCode(ctx, user.id, name);
    } catch (err) {
      const errors = formErrors(pageContext(request).t, err, 'authcode');
      if (!errors) throw err;
      return sendRefused(request, reply, ctx, user.id, name, { errors });
    }
    const { domain } = await getDomain(ctx, user.id, name);
    return sendPage(reply, 200, authCodePage(contextAt(request, domain), { domain, code }));
  });
}
